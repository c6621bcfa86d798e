// PutItem, GetItem, DeleteItem and UpdateItem: single-item operations, with conditions
// (ConditionExpression or Expected), projections and every ReturnValues mode.
#include "api/attribute_json.h"
#include "api/constraints.h"
#include "api/consumed_capacity.h"
#include "api/expression_request.h"
#include "api/handler.h"
#include "api/item_collection_metrics.h"
#include "api/item_read.h"
#include "api/item_request.h"
#include "api/item_write.h"
#include "api/table_lookup.h"
#include "expr/parser.h"
#include "expr/projection.h"
#include "model/api_error.h"
#include "model/item_size.h"

namespace cairn::api {
namespace {

// A write's response: the Attributes ReturnValues asked for, the capacity consumed and the
// written item's collection metrics (tables with LSIs, when asked for: collection_bytes is
// the size the write's commit left its collection at).
void write_response(JsonWriter& out, const RequestReader& r, const std::optional<Item>& item,
                    const engine::TableInfo& table, const Item& key,
                    const engine::ConsumedCapacity& consumed, CapacityDetail detail,
                    uint64_t collection_bytes) {
  out.begin_object();
  if (item && !item->empty()) {
    out.key("Attributes");
    write_item(out, *item);
  }
  write_consumed_capacity(out, table.name, consumed, detail);
  if (wants_item_collection_metrics(r)) {
    write_item_collection_metrics(out, collection_metrics(table, key, collection_bytes));
  }
  out.end_object();
}

// What PutItem and DeleteItem share: the table, the item or key (`member`, shown as
// `field` in errors), ReturnValues NONE or ALL_OLD, and the write's condition.
struct ConditionalWrite {
  std::string_view table_name;
  JsonObject subject;  // Item or Key
  bool return_old = false;
  bool old_on_failure = false;
  std::unique_ptr<expr::ExpressionContext> exprs;  // the condition points into it
  std::optional<expr::Condition> condition;
};

ConditionalWrite read_conditional_write(const RequestReader& r, std::string_view member,
                                        std::string_view field) {
  ConditionalWrite w;
  Constraints c;
  auto name = r.string("TableName");
  c.table_name(name);
  auto subject = r.object(member);
  if (!subject) c.not_null(field);
  w.return_old = parse_return_values(r, c, {ReturnValues::kNone, ReturnValues::kAllOld}) ==
                 ReturnValues::kAllOld;
  w.old_on_failure = parse_return_values_on_condition_check_failure(r, c);
  c.throw_if_any();
  check_expression_style(r, {"Expected", "ConditionalOperator"}, {"ConditionExpression"});
  w.exprs = read_expression_context(r);
  w.condition = read_write_condition(r, *w.exprs);
  w.exprs->check_all_used();
  w.table_name = *name;
  w.subject = *subject;
  return w;
}

void put_item(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  ConditionalWrite w = read_conditional_write(r, "Item", "item");
  Item item = parse_item(w.subject);
  auto table = item_operation_table(ctx.engine.catalog(), ctx.account, ctx.region, w.table_name,
                                    [&] { check_item_size_limit(item_size(item)); });
  auto& limiter = ctx.engine.throughput();
  limiter.admit(*table, engine::Access::kWrite);
  const CapacityDetail detail = read_capacity_detail(r);
  engine::ConsumedCapacity consumed;
  uint64_t collection_bytes = 0;
  auto old = ctx.engine.items().put(*table, item, w.return_old,
                                    precondition(w.condition, w.old_on_failure),
                                    measured(consumed, detail, limiter), &collection_bytes);
  limiter.charge(*table, consumed);
  // The engine may hand back the old item for the condition's sake; only ALL_OLD shows it.
  write_response(out, r, w.return_old ? old : std::nullopt, *table, item, consumed, detail,
                 collection_bytes);
}

void get_item(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto name = r.string("TableName");
  c.table_name(name);
  auto key_json = r.object("Key");
  if (!key_json) c.not_null("key");
  // Every read is strongly consistent here; ConsistentRead only decides the capacity.
  const bool consistent = r.boolean("ConsistentRead").value_or(false);
  check_return_options(r, c);
  c.throw_if_any();
  check_expression_style(r, {"AttributesToGet"}, {"ProjectionExpression"});
  auto exprs = read_expression_context(r);
  auto projection = read_projection(r, *exprs);
  exprs->check_all_used();
  Item key = parse_item(*key_json);
  auto table = item_operation_table(engine.catalog(), ctx.account, ctx.region, *name);
  auto& limiter = engine.throughput();
  limiter.admit(*table, engine::Access::kRead);
  const ItemRead item(engine.items(), *table, key, projection);
  out.begin_object();
  if (item.found()) {
    out.key("Item");
    item.write(out);
  }
  const CapacityDetail detail = read_capacity_detail(r);
  engine::ConsumedCapacity consumed;
  if (measured(consumed, detail, limiter)) {
    consumed.table.read = engine::read_units(item.size(), consistent);
    limiter.charge(*table, consumed);
    write_consumed_capacity(out, table->name, consumed, detail);
  }
  out.end_object();
}

void delete_item(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  ConditionalWrite w = read_conditional_write(r, "Key", "key");
  Item key = parse_item(w.subject);
  auto table = item_operation_table(ctx.engine.catalog(), ctx.account, ctx.region, w.table_name);
  auto& limiter = ctx.engine.throughput();
  limiter.admit(*table, engine::Access::kWrite);
  const CapacityDetail detail = read_capacity_detail(r);
  engine::ConsumedCapacity consumed;
  uint64_t collection_bytes = 0;
  auto old = ctx.engine.items().remove(*table, key, w.return_old,
                                       precondition(w.condition, w.old_on_failure),
                                       measured(consumed, detail, limiter), &collection_bytes);
  limiter.charge(*table, consumed);
  write_response(out, r, w.return_old ? old : std::nullopt, *table, key, consumed, detail,
                 collection_bytes);
}

void update_item(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto name = r.string("TableName");
  c.table_name(name);
  auto key_json = r.object("Key");
  if (!key_json) c.not_null("key");
  const ReturnValues rv =
      parse_return_values(r, c,
                          {ReturnValues::kNone, ReturnValues::kAllOld, ReturnValues::kUpdatedOld,
                           ReturnValues::kAllNew, ReturnValues::kUpdatedNew});
  const bool old_on_failure = parse_return_values_on_condition_check_failure(r, c);
  c.throw_if_any();
  check_expression_style(r, {"AttributeUpdates", "Expected", "ConditionalOperator"},
                         {"UpdateExpression", "ConditionExpression"});
  auto exprs = read_expression_context(r);
  expr::UpdateExpression update;
  if (auto text = r.string("UpdateExpression")) {
    update = expr::parse_update(*text, *exprs);
  } else if (auto updates = r.object("AttributeUpdates")) {
    update = expr::translate_attribute_updates(read_attribute_updates(*updates));
  }
  auto condition = read_write_condition(r, *exprs);
  exprs->check_all_used();
  Item key = parse_item(*key_json);
  auto table = item_operation_table(engine.catalog(), ctx.account, ctx.region, *name);
  check_update_spares_keys(update, *table);
  std::vector<expr::Path> updated_paths;
  const auto check = precondition(condition, old_on_failure);
  auto& limiter = engine.throughput();
  limiter.admit(*table, engine::Access::kWrite);
  const CapacityDetail detail = read_capacity_detail(r);
  engine::ConsumedCapacity consumed;
  uint64_t collection_bytes = 0;
  auto result = engine.items().update(
      *table, key,
      [&](const Item* current) {
        if (check) check(current);
        return apply_item_update(update, key, current, &updated_paths);
      },
      measured(consumed, detail, limiter), &collection_bytes);
  limiter.charge(*table, consumed);
  std::optional<Item> attributes;
  switch (rv) {
    case ReturnValues::kAllOld:
      attributes = result.old_item;
      break;
    case ReturnValues::kAllNew:
      attributes = result.new_item;
      break;
    case ReturnValues::kUpdatedOld:
      if (result.old_item) attributes = expr::project_paths(*result.old_item, updated_paths);
      break;
    case ReturnValues::kUpdatedNew:
      if (result.new_item) attributes = expr::project_paths(*result.new_item, updated_paths);
      break;
    case ReturnValues::kNone:
      break;
  }
  write_response(out, r, attributes, *table, key, consumed, detail, collection_bytes);
}

}  // namespace

void register_item_ops(HandlerTable& table) {
  table["PutItem"] = put_item;
  table["GetItem"] = get_item;
  table["DeleteItem"] = delete_item;
  table["UpdateItem"] = update_item;
}

}  // namespace cairn::api
