// DescribeLimits and DescribeEndpoints: account-level facts.
#include "api/handler.h"

namespace cairn::api {
namespace {

void describe_limits(RequestContext&, const RequestReader&, JsonWriter& out) {
  // DynamoDB's default quotas per account and region.
  out.begin_object();
  out.field("AccountMaxReadCapacityUnits", int64_t{80000});
  out.field("AccountMaxWriteCapacityUnits", int64_t{80000});
  out.field("TableMaxReadCapacityUnits", int64_t{40000});
  out.field("TableMaxWriteCapacityUnits", int64_t{40000});
  out.end_object();
}

void describe_endpoints(RequestContext& ctx, const RequestReader&, JsonWriter& out) {
  // Endpoint discovery: this server is its own endpoint, at the address the client used.
  out.begin_object();
  out.key("Endpoints");
  out.begin_array();
  out.begin_object();
  out.field("Address", ctx.host.empty() ? std::string_view("localhost") : ctx.host);
  out.field("CachePeriodInMinutes", int64_t{1440});
  out.end_object();
  out.end_array();
  out.end_object();
}

}  // namespace

void register_service_ops(HandlerTable& table) {
  table["DescribeLimits"] = describe_limits;
  table["DescribeEndpoints"] = describe_endpoints;
}

}  // namespace cairn::api
