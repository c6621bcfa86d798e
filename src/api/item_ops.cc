// PutItem, GetItem, DeleteItem.
#include "api/attribute_json.h"
#include "api/constraints.h"
#include "api/dispatcher.h"
#include "api/item_request.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

void write_attributes(JsonWriter& out, const std::optional<Item>& item) {
  out.begin_object();
  if (item) {
    out.key("Attributes");
    write_item(out, *item);
  }
  out.end_object();
}

void put_item(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto name = r.string("TableName");
  c.table_name(name);
  auto item_json = r.object("Item");
  if (!item_json) c.not_null("item");
  const bool want_old = parse_write_return_values(r, c);
  c.throw_if_any();
  reject_unsupported_item_parameters(r);
  Item item = parse_item(*item_json);
  auto table = engine.catalog().get(*name);
  write_attributes(out, engine.items().put(*table, item, want_old));
}

void get_item(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto name = r.string("TableName");
  c.table_name(name);
  auto key_json = r.object("Key");
  if (!key_json) c.not_null("key");
  r.boolean("ConsistentRead");  // every read is strongly consistent here; only type-checked
  check_return_options(r, c);
  c.throw_if_any();
  reject_unsupported_item_parameters(r);
  Item key = parse_item(*key_json);
  auto table = engine.catalog().get(*name);
  auto item = engine.items().get(*table, key);
  out.begin_object();
  if (item) {
    out.key("Item");
    write_item(out, *item);
  }
  out.end_object();
}

void delete_item(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto name = r.string("TableName");
  c.table_name(name);
  auto key_json = r.object("Key");
  if (!key_json) c.not_null("key");
  const bool want_old = parse_write_return_values(r, c);
  c.throw_if_any();
  reject_unsupported_item_parameters(r);
  Item key = parse_item(*key_json);
  auto table = engine.catalog().get(*name);
  write_attributes(out, engine.items().remove(*table, key, want_old));
}

}  // namespace

void register_item_ops(HandlerTable& table) {
  table["PutItem"] = put_item;
  table["GetItem"] = get_item;
  table["DeleteItem"] = delete_item;
}

}  // namespace cairn::api
