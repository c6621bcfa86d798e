// The request members of Query and Scan, read into a typed PageRequest and checked in
// the order DynamoDB checks them before it looks the table up: member constraints, the
// mix of expression and legacy parameters, Select against the projection, Segment and
// TotalSegments, the expressions and legacy conditions themselves, and the key condition's
// shape. What needs the table (key schema, ExclusiveStartKey) is the handlers' part
// (query_scan_ops.cc).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/request_reader.h"
#include "expr/ast.h"
#include "expr/context.h"
#include "expr/key_terms.h"

namespace cairn::api {

enum class ReadOperation { kQuery, kScan };

struct ParallelScanSegment {
  int64_t segment = 0;
  int64_t total = 1;
};

struct PageRequest {
  std::string_view table_name;
  int64_t limit = 0;                           // items to read at most; 0 for no Limit
  bool count_only = false;                     // Select=COUNT: Count and ScannedCount, no Items
  std::optional<std::string_view> select;      // as given
  std::optional<std::string_view> index_name;  // IndexName: read this index
  bool consistent = false;                     // ConsistentRead
  bool forward = true;                         // ScanIndexForward
  std::optional<Item> exclusive_start_key;
  // ExpressionAttributeNames/Values: the parsed trees below point into it.
  std::unique_ptr<expr::ExpressionContext> exprs;
  std::optional<expr::KeyTerms> key_terms;  // Query only
  std::optional<expr::Condition> filter;
  bool legacy_filter = false;  // the filter came from QueryFilter/ScanFilter
  std::optional<expr::ProjectionExpression> projection;
  std::optional<ParallelScanSegment> segment;  // Scan only
};

// Reads and validates everything of a Query or Scan request that does not need the table.
// Throws ApiError (ValidationException, or SerializationException for wrong JSON types).
PageRequest read_page_request(const RequestReader& r, ReadOperation op);

}  // namespace cairn::api
