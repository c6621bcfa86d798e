// BatchWriteItem and BatchGetItem.
#include <map>

#include "api/attribute_json.h"
#include "api/constraints.h"
#include "api/consumed_capacity.h"
#include "api/expression_request.h"
#include "api/handler.h"
#include "api/item_collection_metrics.h"
#include "api/item_read.h"
#include "api/item_request.h"
#include "api/table_lookup.h"
#include "engine/key_rules.h"
#include "expr/projection.h"
#include "model/api_error.h"
#include "model/item_size.h"

namespace cairn::api {
namespace {

constexpr size_t kMaxBatchWrites = 25;
constexpr size_t kMaxBatchGets = 100;
constexpr size_t kMaxBatchGetResponseBytes = 16 * 1024 * 1024;

// RequestItems as DynamoDB echoes it in a constraint failure: {table=[request, ...], ...}.
// DynamoDB prints its Java objects there; Cairn prints each request as the JSON it came as.
std::string echo_request_items(const JsonObject& request_items) {
  std::string echo = "{";
  for (auto [table_name, requests] : request_items) {
    if (echo.size() > 1) echo += ", ";
    echo += std::string(table_name) + "=[";
    bool first = true;
    for (JsonElement request : as_array(requests)) {
      if (!first) echo += ", ";
      first = false;
      echo += simdjson::minify(request);
    }
    echo += "]";
  }
  return echo + "}";
}

// One WriteRequest of table_name: (true, the key) for a delete, (false, the item) for a put.
std::pair<bool, Item> read_write_request(JsonElement e, std::string_view table_name) {
  RequestReader request(as_object(e));
  auto put = request.object("PutRequest");
  auto del = request.object("DeleteRequest");
  if (put.has_value() == del.has_value()) {
    throw ApiError::validation(
        "Supplied WriteRequest must contain exactly one of PutRequest or DeleteRequest");
  }
  const std::string_view member = put ? "putRequest.item" : "deleteRequest.key";
  auto subject = RequestReader(put ? *put : *del).object(put ? "Item" : "Key");
  if (!subject) {
    throw ApiError::validation("1 validation error detected: Value null at 'requestItems." +
                               std::string(table_name) + ".member." + std::string(member) +
                               "' failed to satisfy constraint: Member must not be null");
  }
  return {!put, parse_item(*subject)};
}

void batch_write_item(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto request_items = r.object("RequestItems");
  if (!request_items) c.not_null("requestItems");
  check_return_options(r, c);
  c.throw_if_any();
  if (request_items->size() == 0) throw missing_request_items("BatchWriteItem");
  size_t total = 0;
  for (auto [table_name, requests] : *request_items) {
    c.table_name(table_name, "requestItems.member.key");
    const size_t n = as_array(requests).size();
    total += n;
    if (n < 1 || n > kMaxBatchWrites) {
      c.fail(
          echo_request_items(*request_items), "requestItems",
          "Map value must satisfy constraint: [Member must have length less than or equal to 25, "
          "Member must have length greater than or equal to 1]");
    }
  }
  c.throw_if_any();
  if (total > kMaxBatchWrites) {
    throw ApiError::validation("Too many items requested for the BatchWriteItem call");
  }

  // The whole request is validated before any table is looked up, as DynamoDB does: a
  // malformed request or a too-large item to a missing table is a ValidationException.
  struct TableWrites {
    std::string_view table_name;
    JsonElement requests;
    std::vector<std::pair<bool, Item>> writes;  // (is a delete, the item or the key)
  };
  std::vector<TableWrites> parsed;
  for (auto [table_name, requests] : *request_items) {
    TableWrites& t = parsed.emplace_back(TableWrites{table_name, requests, {}});
    for (JsonElement e : as_array(requests)) t.writes.push_back(read_write_request(e, table_name));
  }

  std::vector<engine::ItemStore::BatchWrite> writes;
  std::vector<engine::TablePtr> tables;  // keeps each table's metadata alive for the batch
  // Requests to a table out of write capacity are returned unprocessed, as sent.
  std::vector<std::pair<std::string_view, JsonElement>> unprocessed;
  auto& limiter = engine.throughput();
  // Every put's size is the engine's to check, but DynamoDB reports it before a missing table.
  auto check_sizes = [&] {
    for (const auto& table_writes : parsed) {
      for (const auto& [is_delete, item] : table_writes.writes) {
        if (!is_delete) check_item_size_limit(item_size(item));
      }
    }
  };
  // Every table is found before any is written or admitted (its items not yet moved out).
  for (const auto& t : parsed) {
    tables.push_back(
        item_operation_table(engine.catalog(), ctx.account, ctx.region, t.table_name, check_sizes));
  }
  for (size_t i = 0; i < parsed.size(); ++i) {
    auto& t = parsed[i];
    const engine::TablePtr& table = tables[i];
    try {
      limiter.admit(*table, engine::Access::kWrite);
    } catch (const ApiError& e) {
      if (e.type() != ErrorType::kProvisionedThroughputExceeded) throw;
      unprocessed.emplace_back(t.table_name, t.requests);
      continue;
    }
    for (auto& [is_delete, item] : t.writes) {
      writes.push_back({table.get(), is_delete, std::move(item)});
    }
  }
  if (writes.empty()) {
    throw ApiError(ErrorType::kProvisionedThroughputExceeded,
                   "The level of configured provisioned throughput for one or more tables was "
                   "exceeded. Consider increasing your provisioning level with the UpdateTable "
                   "API.");
  }
  const CapacityDetail detail = read_capacity_detail(r);
  std::vector<engine::ConsumedCapacity> consumed;
  std::vector<uint64_t> collection_bytes;
  const bool measure = detail != CapacityDetail::kNone || limiter.enforcing();
  const bool metrics = wants_item_collection_metrics(r);
  engine.items().write_batch(writes, measure ? &consumed : nullptr,
                             metrics ? &collection_bytes : nullptr);
  out.begin_object();
  out.key("UnprocessedItems");
  out.begin_object();
  for (const auto& [table_name, requests] : unprocessed) {
    out.key(table_name);
    out.raw_number(simdjson::minify(requests));  // already-valid JSON, echoed as sent
  }
  out.end_object();
  std::vector<TableConsumption> per_table;
  for (size_t i = 0; i < consumed.size(); ++i) {
    limiter.charge(*writes[i].table, consumed[i]);
    add_table_consumption(per_table, writes[i].table->name, consumed[i]);
  }
  write_consumed_capacity_list(out, per_table, detail);
  if (metrics) {
    std::vector<CollectionMetrics> collections;
    for (size_t i = 0; i < writes.size(); ++i) {
      add_collection_metrics(
          collections, collection_metrics(*writes[i].table, writes[i].item, collection_bytes[i]));
    }
    write_item_collection_metrics_map(out, collections);
  }
  out.end_object();
}

struct TableGets {
  engine::TablePtr table;
  bool consistent = false;
  JsonObject spec;  // the request's KeysAndAttributes, echoed in UnprocessedKeys
  std::vector<Item> keys;
  std::unique_ptr<expr::ExpressionContext> exprs;  // the projection points into it
  std::optional<expr::ProjectionExpression> projection;
};

void write_keys_and_attributes(JsonWriter& out, const TableGets& gets, size_t from) {
  out.begin_object();
  out.key("Keys");
  out.begin_array();
  for (size_t i = from; i < gets.keys.size(); ++i) write_item(out, gets.keys[i]);
  out.end_array();
  for (auto [member, value] : gets.spec) {
    if (member == "Keys") continue;
    out.key(member);
    out.raw_number(simdjson::minify(value));  // already-valid JSON, echoed as sent
  }
  out.end_object();
}

void batch_get_item(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto request_items = r.object("RequestItems");
  if (!request_items) c.not_null("requestItems");
  check_return_options(r, c);
  c.throw_if_any();
  if (request_items->size() == 0) throw missing_request_items("BatchGetItem");
  size_t total = 0;
  std::vector<TableGets> all;
  for (auto [table_name, spec] : *request_items) {
    c.table_name(table_name, "requestItems.member.key");
    RequestReader s(as_object(spec));
    auto keys = s.array("Keys");
    const std::string at = "requestItems." + std::string(table_name) + ".member.keys";
    if (!keys) {
      c.not_null(at);
      continue;
    }
    if (keys->size() < 1) c.fail("[]", at, "Member must have length greater than or equal to 1");
    if (keys->size() > kMaxBatchGets) {
      c.fail_unechoed("RequestItems." + std::string(table_name) + ".member.Keys",
                      "Member must have length less than or equal to 100");
    }
    total += keys->size();
    TableGets gets;
    gets.spec = s.raw();
    // Every read is strongly consistent here; ConsistentRead only decides the capacity.
    gets.consistent = s.boolean("ConsistentRead").value_or(false);
    check_expression_style(s, {"AttributesToGet"}, {"ProjectionExpression"});
    gets.exprs = read_expression_context(s);
    gets.projection = read_projection(s, *gets.exprs);
    gets.exprs->check_all_used();
    for (JsonElement k : *keys) gets.keys.push_back(parse_item(as_object(k)));
    all.push_back(std::move(gets));
  }
  c.throw_if_any();
  if (total > kMaxBatchGets) {
    throw ApiError::validation("Too many items requested for the BatchGetItem call");
  }
  // Resolve tables and validate every key before reading anything.
  size_t i = 0;
  for (auto [table_name, spec] : *request_items) {
    auto& gets = all[i++];
    gets.table = item_operation_table(engine.catalog(), ctx.account, ctx.region, table_name);
    std::vector<std::string> seen;
    for (const auto& key : gets.keys) {
      std::string k = engine::ItemStore::storage_key(*gets.table, key);
      for (const auto& s : seen) {
        if (s == k) throw ApiError::validation("Provided list of item keys contains duplicates");
      }
      seen.push_back(std::move(k));
    }
  }

  // Items are returned until the response reaches 16 MB; the rest are UnprocessedKeys.
  OutputBuffer responses;
  JsonWriter rw(responses);
  rw.begin_object();
  std::vector<std::pair<const TableGets*, size_t>> unprocessed;
  std::vector<TableConsumption> per_table;
  auto& limiter = engine.throughput();
  size_t throttled = 0;
  for (const auto& gets : all) {
    try {
      limiter.admit(*gets.table, engine::Access::kRead);
    } catch (const ApiError& e) {
      if (e.type() != ErrorType::kProvisionedThroughputExceeded) throw;
      // A table out of read capacity: all its keys come back unprocessed.
      if (++throttled == all.size()) throw;
      unprocessed.emplace_back(&gets, 0);
      continue;
    }
    rw.key(gets.table->name);
    rw.begin_array();
    engine::ConsumedCapacity consumed;
    size_t k = 0;
    for (; k < gets.keys.size(); ++k) {
      if (responses.size() > kMaxBatchGetResponseBytes) break;
      const ItemRead item(engine.items(), *gets.table, gets.keys[k], gets.projection);
      consumed.table.read += engine::read_units(item.size(), gets.consistent);
      if (item.found()) item.write(rw);
    }
    rw.end_array();
    if (k < gets.keys.size()) unprocessed.emplace_back(&gets, k);
    limiter.charge(*gets.table, consumed);
    add_table_consumption(per_table, gets.table->name, consumed);
  }
  rw.end_object();
  out.begin_object();
  out.key("Responses");
  out.raw_number(responses.view());  // already-rendered JSON
  out.key("UnprocessedKeys");
  out.begin_object();
  for (const auto& [gets, from] : unprocessed) {
    out.key(gets->table->name);
    write_keys_and_attributes(out, *gets, from);
  }
  out.end_object();
  write_consumed_capacity_list(out, per_table, read_capacity_detail(r));
  out.end_object();
}

}  // namespace

void register_batch_ops(HandlerTable& table) {
  table["BatchWriteItem"] = batch_write_item;
  table["BatchGetItem"] = batch_get_item;
}

}  // namespace cairn::api
