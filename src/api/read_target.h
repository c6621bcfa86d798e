// The table or index a Query or Scan reads, resolved from its IndexName with DynamoDB's
// rules for reading indexes: the index must exist (and not be backfilling), a GSI cannot
// be read consistently, and what a page may return depends on the index's projection.
#pragma once

#include <optional>

#include "api/query_request.h"
#include "engine/table_info.h"

namespace cairn::api {

struct ReadTarget {
  const engine::TableInfo* table = nullptr;  // the base table
  const engine::IndexInfo* index = nullptr;  // nullptr: the table itself
  // The key schema and storage id the read walks: the table itself, or a view of the
  // index with its keys in the table's places.
  const engine::TableInfo* keys = nullptr;
  std::optional<engine::TableInfo> index_view;
  // An LSI asked for attributes it does not project reads them from the table's item.
  bool fetch_from_table = false;
  bool is_gsi() const { return index && index->kind == engine::IndexKind::kGlobal; }
};

ReadTarget resolve_read_target(const engine::TableInfo& table, const PageRequest& request);

}  // namespace cairn::api
