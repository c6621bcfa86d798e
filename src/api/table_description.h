// Renders DynamoDB's TableDescription for CreateTable, DescribeTable, UpdateTable and
// DeleteTable.
#pragma once

#include "api/json_writer.h"
#include "engine/item_store.h"
#include "engine/table_info.h"

namespace cairn::api {

enum class DescriptionKind {
  kFull,      // DescribeTable, CreateTable, UpdateTable
  kDeleting,  // DeleteTable: DynamoDB leaves out the schema and creation time
};

void write_table_description(JsonWriter& w, const engine::TableInfo& table,
                             const engine::TableStats& stats, std::string_view status,
                             DescriptionKind kind = DescriptionKind::kFull);

}  // namespace cairn::api
