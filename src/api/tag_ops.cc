// TagResource, UntagResource, ListTagsOfResource on table ARNs.
#include "api/constraints.h"
#include "api/handler.h"
#include "api/resource_arn.h"
#include "api/tag_rules.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

// The ResourceArn's constraints, with the request's others (collected in c).
void check_resource_arn(const RequestReader& r, Constraints& c) {
  auto arn = r.string("ResourceArn");
  if (!arn) c.not_null("resourceArn");
  if (arn) c.length_between(*arn, "resourceArn", 1, 1283);
  c.throw_if_any();
}

engine::TablePtr table_of(engine::Engine& engine, std::string_view account, std::string_view region,
                          const RequestReader& r) {
  return table_of_resource_arn(engine.catalog(), account, region, *r.string("ResourceArn"));
}

void tag_resource(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto tags_json = r.array("Tags");
  if (!tags_json) c.not_null("tags");
  check_resource_arn(r, c);
  if (tags_json->size() == 0) {
    throw ApiError::validation("Atleast one Tag needs to be provided as Input.");
  }
  // The tags are validated before the resource is looked up.
  auto tags = parse_tags(*tags_json, "tags");
  auto table = table_of(engine, ctx.account, ctx.region, r);
  engine.catalog().update(engine.catalog().key_of(*table), [&](engine::TableInfo& t) {
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
  check_resource_arn(r, c);
  const std::vector<std::string> remove = parse_tag_keys(*keys);
  auto table = table_of(engine, ctx.account, ctx.region, r);
  engine.catalog().update(engine.catalog().key_of(*table), [&](engine::TableInfo& t) {
    for (const auto& k : remove) t.tags.erase(k);
  });
}

void list_tags_of_resource(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  r.string("NextToken");  // every tag fits in one page; only type-checked
  check_resource_arn(r, c);
  auto table = table_of(engine, ctx.account, ctx.region, r);
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
