// Renders DynamoDB's TableDescription for CreateTable, DescribeTable, UpdateTable and
// DeleteTable.
#pragma once

#include <functional>

#include "api/json_writer.h"
#include "engine/item_store.h"
#include "engine/table_info.h"

namespace cairn::api {

enum class DescriptionKind {
  kFull,      // DescribeTable, CreateTable, UpdateTable
  kDeleting,  // DeleteTable: DynamoDB leaves out the schema and creation time
};

// The counts of one index (ItemCount, IndexSizeBytes); nullptr: zero. deleting_index, a
// GSI UpdateTable has just dropped, is listed last as DELETING, as DynamoDB's response does.
using IndexStats = std::function<engine::TableStats(const engine::IndexInfo&)>;

void write_table_description(JsonWriter& w, const engine::TableInfo& table,
                             const engine::TableStats& stats, std::string_view status,
                             DescriptionKind kind = DescriptionKind::kFull,
                             const IndexStats& index_stats = nullptr,
                             const engine::IndexInfo* deleting_index = nullptr);

// The SSEDescription member of a table with a KMS key (none for DynamoDB's default key).
void write_sse_description(JsonWriter& w, const engine::TableInfo& t);

// A KeySchema member: the hash key attributes, then the range key attributes.
void write_key_schema(JsonWriter& w, const std::vector<engine::KeyElement>& hash,
                      const std::vector<engine::KeyElement>& range);

// One GlobalSecondaryIndexes (or LocalSecondaryIndexes) element of a TableDescription.
void write_index_description(JsonWriter& w, const engine::TableInfo& table,
                             const engine::IndexInfo& index, const engine::TableStats& stats,
                             std::string_view status_override = {});

}  // namespace cairn::api
