// Query and Scan: one page of a table's items or an index's entries, read in key order by
// the RangeReader. A Query reads one partition (narrowed by its sort-key condition) in
// either direction; a Scan reads the table or index, or one segment of it, in storage
// (partition-hash) order, so that a scan paged with LastEvaluatedKey never repeats or
// skips an item while others write.
#include "api/attribute_json.h"
#include "api/consumed_capacity.h"
#include "api/dispatcher.h"
#include "api/query_request.h"
#include "api/read_target.h"
#include "engine/index_keys.h"
#include "engine/item_store.h"
#include "engine/key_rules.h"
#include "expr/evaluator.h"
#include "expr/key_condition.h"
#include "expr/projection.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

ApiError invalid_start_key(std::string_view why) {
  return ApiError::validation("The provided starting key is invalid: " + std::string(why));
}

// The storage key an ExclusiveStartKey resumes after. On a table it must be a full, valid
// primary key; on an index, the table's key and the index's key attributes, exactly.
std::string start_key_storage_key(const ReadTarget& t, const Item& start_key) {
  try {
    if (!t.index) return engine::ItemStore::storage_key(*t.table, start_key);
    Item table_key = engine::key_of(*t.table, start_key);
    engine::ItemStore::storage_key(*t.table, table_key);  // validates the table's part
    size_t expected = table_key.size();
    for (const auto* keys : {&t.index->hash_keys, &t.index->range_keys}) {
      for (const auto& k : *keys) {
        if (!t.table->is_key_attribute(k.name)) ++expected;
      }
    }
    auto key = engine::index_entry_key(*t.table, *t.index, start_key);
    if (!key || start_key.size() != expected) {
      throw ApiError::validation("The provided key element does not match the schema");
    }
    return *key;
  } catch (const ApiError& e) {
    if (e.type() != ErrorType::kValidation) throw;
    throw invalid_start_key(e.message());
  }
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
  engine::ReadPage page = ctx.engine.ranges().read(*target.table, read, filter);
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
  const CapacityDetail detail = read_capacity_detail(r);
  engine::ConsumedCapacity consumed;
  if (measured(consumed, detail, limiter)) {
    const double units = engine::read_units(page.bytes_read, request.consistent);
    (target.index ? consumed.index(*target.index) : consumed.table).read = units;
    limiter.charge(*target.table, consumed);
    write_consumed_capacity(out, target.table->name, consumed, detail);
  }
  out.end_object();
}

// A Query on a GSI with a multi-attribute key: the key condition has its own rules, and an
// ExclusiveStartKey must lie within the range it selects.
void query_composite(RequestContext& ctx, const RequestReader& r, const ReadTarget& target,
                     const PageRequest& request, JsonWriter& out) {
  const expr::CompositeKeyCondition key =
      expr::resolve_composite_key_condition(*request.key_terms, *target.index);
  engine::ReadRequest read;
  read.range = expr::composite_key_range(*target.index, key);
  read.forward = request.forward;
  read.limit = request.limit;
  if (request.exclusive_start_key) {
    read.start_after = start_key_storage_key(target, *request.exclusive_start_key);
    if (*read.start_after < read.range.lower ||
        (!read.range.upper.empty() && *read.start_after >= read.range.upper)) {
      throw ApiError::validation(
          "The provided starting key is outside query boundaries based on provided conditions");
    }
  }
  if (request.filter) {
    expr::check_filter_excludes_index_keys(
        *request.filter, *target.index,
        request.legacy_filter ? "QueryFilter" : "Filter Expression");
  }
  serve_page(ctx, r, target, request, read, true, out);
}

void query(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  PageRequest request = read_page_request(r, ReadOperation::kQuery);
  auto table = ctx.engine.catalog().get(request.table_name);
  const ReadTarget target = resolve_read_target(*table, request);
  if (target.index && (target.index->hash_keys.size() > 1 || target.index->range_keys.size() > 1)) {
    query_composite(ctx, r, target, request, out);
    return;
  }
  const Item* start_key = request.exclusive_start_key ? &*request.exclusive_start_key : nullptr;
  // On an index the start key also holds the table's key; its shape is checked below.
  const expr::KeyCondition key = expr::resolve_key_condition(*request.key_terms, *target.keys,
                                                             target.index ? nullptr : start_key);
  engine::ReadRequest read;
  read.range = expr::key_range(*target.keys, key);
  read.forward = request.forward;
  read.limit = request.limit;
  if (start_key) {
    read.start_after = start_key_storage_key(target, *start_key);
    expr::check_start_key(key, *target.keys, *start_key);
  }
  if (request.filter) {
    expr::check_filter_excludes_keys(*request.filter, *target.keys,
                                     request.legacy_filter ? "QueryFilter" : "Filter Expression");
  }
  const bool resumable = target.index || !expr::reads_at_most_one_item(key, *table);
  serve_page(ctx, r, target, request, read, resumable, out);
}

void scan(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  PageRequest request = read_page_request(r, ReadOperation::kScan);
  auto table = ctx.engine.catalog().get(request.table_name);
  const ReadTarget target = resolve_read_target(*table, request);
  const ParallelScanSegment segment = request.segment.value_or(ParallelScanSegment{});
  engine::ReadRequest read;
  read.range = engine::RangeReader::segment_range(*target.keys, segment.segment, segment.total);
  read.limit = request.limit;
  if (request.exclusive_start_key) {
    std::string key = start_key_storage_key(target, *request.exclusive_start_key);
    const bool in_segment =
        key >= read.range.lower && (read.range.upper.empty() || key < read.range.upper);
    if (!in_segment) {
      throw invalid_start_key(
          "Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. "
          "TotalSegments: " +
          std::to_string(segment.total) + " Segment: " + std::to_string(segment.segment));
    }
    read.start_after = std::move(key);
  }
  serve_page(ctx, r, target, request, read, true, out);
}

}  // namespace

void register_query_scan_ops(HandlerTable& table) {
  table["Query"] = query;
  table["Scan"] = scan;
}

}  // namespace cairn::api
