// Query and Scan: one page of a table's items, read in key order by the RangeReader. A
// Query reads one partition (narrowed by its sort-key condition) in either direction; a
// Scan reads the table, or one segment of it, in storage (partition-hash) order, so that
// a scan paged with LastEvaluatedKey never repeats or skips an item while others write.
#include "api/attribute_json.h"
#include "api/dispatcher.h"
#include "api/query_request.h"
#include "engine/item_store.h"
#include "expr/evaluator.h"
#include "expr/key_condition.h"
#include "expr/projection.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

// The storage key an ExclusiveStartKey resumes after. It must be a full, valid primary
// key of the table; DynamoDB prefixes what is wrong with it.
std::string start_key_storage_key(const engine::TableInfo& table, const Item& start_key) {
  try {
    return engine::ItemStore::storage_key(table, start_key);
  } catch (const ApiError& e) {
    if (e.type() != ErrorType::kValidation) throw;
    throw ApiError::validation("The provided starting key is invalid: " + std::string(e.message()));
  }
}

// Reads one page and renders it. The filter runs on whole items after Limit counted them
// (ScannedCount), the projection only on the items returned; with Select=COUNT nothing is
// kept, only counted. A read that may not be resumed (see reads_at_most_one_item) ends
// without a LastEvaluatedKey.
void serve_page(RequestContext& ctx, const engine::TableInfo& table, const PageRequest& request,
                const engine::ReadRequest& read, bool resumable, JsonWriter& out) {
  int64_t count = 0;
  engine::ItemFilter filter;
  if (request.count_only) {
    filter = [&](const Item& item) {
      if (!request.filter || expr::evaluate(*request.filter, &item)) ++count;
      return false;
    };
  } else if (request.filter) {
    filter = [&](const Item& item) { return expr::evaluate(*request.filter, &item); };
  }
  engine::ReadPage page = ctx.engine.ranges().read(table, read, filter);
  out.begin_object();
  if (!request.count_only) {
    count = static_cast<int64_t>(page.items.size());
    out.key("Items");
    out.begin_array();
    for (const Item& item : page.items) {
      // Not a conditional expression: that would copy every unprojected item.
      if (request.projection) {
        write_item(out, expr::apply_projection(*request.projection, item));
      } else {
        write_item(out, item);
      }
    }
    out.end_array();
  }
  out.field("Count", count);
  out.field("ScannedCount", page.scanned);
  if (page.last_evaluated_key && resumable) {
    out.key("LastEvaluatedKey");
    write_item(out, *page.last_evaluated_key);
  }
  out.end_object();
}

void query(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  PageRequest request = read_page_request(r, ReadOperation::kQuery);
  auto table = ctx.engine.catalog().get(request.table_name);
  const Item* start_key = request.exclusive_start_key ? &*request.exclusive_start_key : nullptr;
  const expr::KeyCondition key = expr::resolve_key_condition(*request.key_terms, *table, start_key);
  engine::ReadRequest read;
  read.range = expr::key_range(*table, key);
  read.forward = request.forward;
  read.limit = request.limit;
  if (start_key) {
    read.start_after = start_key_storage_key(*table, *start_key);
    expr::check_start_key(key, *table, *start_key);
  }
  if (request.filter) {
    expr::check_filter_excludes_keys(*request.filter, *table,
                                     request.legacy_filter ? "QueryFilter" : "Filter Expression");
  }
  serve_page(ctx, *table, request, read, !expr::reads_at_most_one_item(key, *table), out);
}

void scan(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  PageRequest request = read_page_request(r, ReadOperation::kScan);
  auto table = ctx.engine.catalog().get(request.table_name);
  const ParallelScanSegment segment = request.segment.value_or(ParallelScanSegment{});
  engine::ReadRequest read;
  read.range = engine::RangeReader::segment_range(*table, segment.segment, segment.total);
  read.limit = request.limit;
  if (request.exclusive_start_key) {
    std::string key = start_key_storage_key(*table, *request.exclusive_start_key);
    const bool in_segment =
        key >= read.range.lower && (read.range.upper.empty() || key < read.range.upper);
    if (!in_segment) {
      throw ApiError::validation(
          "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use "
          "ExclusiveStartKey with correct Segment. TotalSegments: " +
          std::to_string(segment.total) + " Segment: " + std::to_string(segment.segment));
    }
    read.start_after = std::move(key);
  }
  serve_page(ctx, *table, request, read, true, out);
}

}  // namespace

void register_query_scan_ops(HandlerTable& table) {
  table["Query"] = query;
  table["Scan"] = scan;
}

}  // namespace cairn::api
