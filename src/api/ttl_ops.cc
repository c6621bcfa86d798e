// UpdateTimeToLive and DescribeTimeToLive. The setting's rules (already enabled, already
// disabled, a different attribute) are the engine's (engine/ttl_expirer.h); here are the
// request's member constraints and the JSON.
#include "api/constraints.h"
#include "api/handler.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

void update_time_to_live(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  auto name = r.string("TableName");
  c.table_name(name);
  auto spec = r.object("TimeToLiveSpecification");
  std::optional<std::string_view> attribute;
  std::optional<bool> enabled;
  if (spec) {
    // DynamoDB's model lists Enabled before AttributeName; its messages keep that order.
    RequestReader s(*spec);
    enabled = s.boolean("Enabled");
    attribute = s.string("AttributeName");
    if (!enabled) c.not_null("timeToLiveSpecification.enabled");
    if (!attribute) {
      c.not_null("timeToLiveSpecification.attributeName");
    } else {
      c.length_between(*attribute, "timeToLiveSpecification.attributeName", 1, 255);
    }
  } else {
    c.not_null("timeToLiveSpecification");
  }
  c.throw_if_any();
  const auto table = ctx.engine.catalog().get(ctx.account, ctx.region, *name);
  ctx.engine.ttl().update(ctx.engine.catalog().key_of(*table), std::string(*attribute), *enabled);
  out.begin_object();
  out.key("TimeToLiveSpecification");
  out.begin_object();
  out.field("AttributeName", *attribute);
  out.field("Enabled", *enabled);
  out.end_object();
  out.end_object();
}

void describe_time_to_live(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  auto name = r.string("TableName");
  c.table_name(name);
  c.throw_if_any();
  auto table = ctx.engine.catalog().get(ctx.account, ctx.region, *name);
  out.begin_object();
  out.key("TimeToLiveDescription");
  out.begin_object();
  // TTL takes effect at once here, so a table is never seen ENABLING or DISABLING; a
  // disabled table names no attribute.
  out.field("TimeToLiveStatus", table->ttl.enabled ? "ENABLED" : "DISABLED");
  if (table->ttl.enabled) out.field("AttributeName", table->ttl.attribute);
  out.end_object();
  out.end_object();
}

}  // namespace

void register_ttl_ops(HandlerTable& table) {
  table["UpdateTimeToLive"] = update_time_to_live;
  table["DescribeTimeToLive"] = describe_time_to_live;
}

}  // namespace cairn::api
