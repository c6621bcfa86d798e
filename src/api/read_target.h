// The table or index a Query or Scan reads, resolved from its IndexName with DynamoDB's
// rules for reading indexes: the index must exist, a GSI cannot be read consistently nor
// while it is backfilled, and what a page may return depends on the index's projection.
#pragma once

#include "api/query_request.h"
#include "engine/key_schema.h"
#include "engine/table_info.h"

namespace cairn::api {

struct ReadTarget {
  const engine::TableInfo* table = nullptr;  // the base table
  const engine::IndexInfo* index = nullptr;  // nullptr: the table itself
  engine::KeySchema keys;                    // the key schema (and storage id) the read walks
  // An LSI asked for attributes it does not project reads them from the table's item ...
  bool fetch_from_table = false;
  // ... and when only its filter asked, returns what it projects of that item.
  bool project_fetched = false;
  bool is_gsi() const { return index && index->kind == engine::IndexKind::kGlobal; }
};

// The table, or the index IndexName names. Throws ValidationException for an unknown index,
// a consistent read of a GSI and a read of a GSI still backfilling.
ReadTarget resolve_read_target(const engine::TableInfo& table, const PageRequest& request);

// An index's projection against what the request asks of it (Select, ProjectionExpression
// or AttributesToGet, the filter): a GSI refuses attributes it does not project, an LSI
// reads them from the table (fetch_from_table). Checked once the keys are.
void apply_index_projection(ReadTarget& target, const PageRequest& request);

}  // namespace cairn::api
