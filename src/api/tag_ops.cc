// TagResource, UntagResource, ListTagsOfResource on table ARNs.
#include "api/constraints.h"
#include "api/handler.h"
#include "api/resource_arn.h"
#include "api/tag_rules.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

engine::TablePtr table_of(engine::Engine& engine, const RequestReader& r, Constraints& c) {
  auto arn = r.string("ResourceArn");
  if (!arn) c.not_null("resourceArn");
  if (arn) c.length_between(*arn, "resourceArn", 1, 1283);
  c.throw_if_any();
  return table_of_resource_arn(engine.catalog(), *arn);
}

void tag_resource(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto tags_json = r.array("Tags");
  if (!tags_json) c.not_null("tags");
  auto table = table_of(engine, r, c);
  auto tags = parse_tags(*tags_json, "tags");
  engine.catalog().update(table->name, [&](engine::TableInfo& t) {
    auto merged = t.tags;
    for (const auto& [k, v] : tags) merged[k] = v;
    check_tag_count(merged);
    t.tags = std::move(merged);
  });
  // DynamoDB answers TagResource with an empty body.
}

void untag_resource(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto keys = r.array("TagKeys");
  if (!keys) c.not_null("tagKeys");
  auto table = table_of(engine, r, c);
  std::vector<std::string> remove;
  for (JsonElement k : *keys) {
    auto key = as_string(k);
    c.length_between(key, "tagKeys", 1, 128);
    remove.emplace_back(key);
  }
  c.throw_if_any();
  engine.catalog().update(table->name, [&](engine::TableInfo& t) {
    for (const auto& k : remove) t.tags.erase(k);
  });
}

void list_tags_of_resource(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  r.string("NextToken");  // every tag fits in one page; only type-checked
  auto table = table_of(engine, r, c);
  out.begin_object();
  out.key("Tags");
  out.begin_array();
  for (const auto& [k, v] : table->tags) {
    out.begin_object();
    out.field("Key", k);
    out.field("Value", v);
    out.end_object();
  }
  out.end_array();
  out.end_object();
}

}  // namespace

void register_tag_ops(HandlerTable& table) {
  table["TagResource"] = tag_resource;
  table["UntagResource"] = untag_resource;
  table["ListTagsOfResource"] = list_tags_of_resource;
}

}  // namespace cairn::api
