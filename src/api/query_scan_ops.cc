// Query and Scan: one page of a table's items or an index's entries, read in key order by
// the RangeReader. A Query reads one partition (narrowed by its sort-key condition) in
// either direction; a Scan reads the table or index, or one segment of it, in storage
// (partition-hash) order, so that a scan paged with LastEvaluatedKey never repeats or
// skips an item while others write.
#include "api/attribute_json.h"
#include "api/consumed_capacity.h"
#include "api/handler.h"
#include "api/key_condition.h"
#include "api/query_request.h"
#include "api/read_target.h"
#include "api/table_lookup.h"
#include "engine/index_keys.h"
#include "engine/item_store.h"
#include "engine/key_rules.h"
#include "expr/evaluator.h"
#include "expr/projection.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

// The storage key an ExclusiveStartKey resumes after. Its table key must be a full, valid
// primary key of the table (DynamoDB prefixes what is wrong with it); on an index, whose key
// attributes the caller has checked, it is the key of the entry the start key names.
std::string start_key_storage_key(const ReadTarget& t, const Item& start_key) {
  std::string table_key;
  try {
    table_key = t.index
                    ? engine::ItemStore::storage_key(*t.table, engine::key_of(*t.table, start_key))
                    : engine::ItemStore::storage_key(*t.table, start_key);
  } catch (const ApiError& e) {
    if (e.type() != ErrorType::kValidation) throw;
    throw ApiError::validation("The provided starting key is invalid: " + std::string(e.message()));
  }
  if (!t.index) return table_key;
  auto entry_key = engine::index_entry_key(*t.table, *t.index, start_key);
  if (!entry_key) throw ApiError::validation("The provided key element does not match the schema");
  return std::move(*entry_key);
}

// Reads one page and renders it. The filter runs on whole items after Limit counted them
// (ScannedCount), the projection only on the items returned; with Select=COUNT nothing is
// kept, only counted. A read that may not be resumed (see reads_at_most_one_item) ends
// without a LastEvaluatedKey.
void serve_page(RequestContext& ctx, const RequestReader& r, const ReadTarget& target,
                const PageRequest& request, engine::ReadRequest& read, bool resumable,
                JsonWriter& out) {
  auto& limiter = ctx.engine.throughput();
  limiter.admit(*target.table, engine::Access::kRead, target.index);
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
  read.index = target.index;
  if (target.fetch_from_table) {
    read.expand = [&](Item entry) {
      auto item = ctx.engine.items().get(*target.table, engine::key_of(*target.table, entry));
      return item ? std::move(*item) : std::move(entry);
    };
  }
  // Items written out as they are stored need no decoding (the common, unprojected case).
  read.stored_form = !request.projection && !target.project_fetched;
  engine::ReadPage page = ctx.engine.ranges().read(*target.table, read, filter);
  out.begin_object();
  if (!request.count_only) {
    count = static_cast<int64_t>(page.items.size() + page.stored.size());
    out.key("Items");
    out.begin_array();
    for (const std::string& stored : page.stored) write_stored_item(out, stored);
    for (const Item& item : page.items) {
      // Not a conditional expression: that would copy every unprojected item.
      if (request.projection) {
        write_item(out, expr::apply_projection(*request.projection, item));
      } else if (target.project_fetched) {
        write_item(out, engine::project_for_index(*target.table, *target.index, item));
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
  const CapacityDetail detail = read_capacity_detail(r);
  engine::ConsumedCapacity consumed;
  if (measured(consumed, detail, limiter)) {
    const double units = engine::read_units(page.partitions, request.consistent);
    (target.index ? consumed.index(*target.index) : consumed.table).read = units;
    limiter.charge(*target.table, consumed);
    write_consumed_capacity(out, target.table->name, consumed, detail);
  }
  out.end_object();
}

void query(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  PageRequest request = read_page_request(r, ReadOperation::kQuery);
  auto table =
      item_operation_table(ctx.engine.catalog(), ctx.account, ctx.region, request.table_name);
  ReadTarget target = resolve_read_target(*table, request);
  const Item* start_key = request.exclusive_start_key ? &*request.exclusive_start_key : nullptr;
  const engine::KeyCondition key =
      resolve_key_condition(*request.key_terms, target.keys, start_key);
  engine::ReadRequest read;
  read.range = engine::key_range(target.keys, key);
  read.forward = request.forward;
  read.limit = request.limit;
  if (start_key) {
    read.start_after = start_key_storage_key(target, *start_key);
    check_start_key(key, target.keys, *start_key);
  }
  if (request.filter) {
    check_filter_excludes_keys(*request.filter, target.keys,
                               request.legacy_filter ? "QueryFilter" : "Filter Expression");
  }
  apply_index_projection(target, request);
  serve_page(ctx, r, target, request, read, !engine::reads_at_most_one_item(key, target.keys), out);
}

void scan(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  PageRequest request = read_page_request(r, ReadOperation::kScan);
  auto table =
      item_operation_table(ctx.engine.catalog(), ctx.account, ctx.region, request.table_name);
  ReadTarget target = resolve_read_target(*table, request);
  const ParallelScanSegment segment = request.segment.value_or(ParallelScanSegment{});
  engine::ReadRequest read;
  read.range =
      engine::RangeReader::segment_range(target.keys.storage_id, segment.segment, segment.total);
  read.limit = request.limit;
  if (request.exclusive_start_key) {
    if (target.index) check_index_start_key_shape(target.keys, *request.exclusive_start_key);
    std::string key = start_key_storage_key(target, *request.exclusive_start_key);
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
  apply_index_projection(target, request);
  serve_page(ctx, r, target, request, read, true, out);
}

}  // namespace

void register_query_scan_ops(HandlerTable& table) {
  table["Query"] = query;
  table["Scan"] = scan;
}

}  // namespace cairn::api
