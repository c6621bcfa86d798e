// DescribeContinuousBackups: Cairn keeps no continuous backups (point-in-time recovery), so
// every table reports them disabled, as DynamoDB reports a table without them.
#include "api/constraints.h"
#include "api/handler.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

void describe_continuous_backups(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  auto name = r.string("TableName");
  c.table_name(name);
  c.throw_if_any();
  // This operation names a missing table with its own error type.
  if (!ctx.engine.catalog().find(ctx.account, ctx.region, *name)) {
    throw ApiError(ErrorType::kTableNotFound, "Table not found: " + std::string(*name));
  }
  out.begin_object();
  out.key("ContinuousBackupsDescription");
  out.begin_object();
  out.field("ContinuousBackupsStatus", "DISABLED");
  out.key("PointInTimeRecoveryDescription");
  out.begin_object();
  out.field("PointInTimeRecoveryStatus", "DISABLED");
  out.end_object();
  out.end_object();
  out.end_object();
}

}  // namespace

void register_backup_ops(HandlerTable& table) {
  table["DescribeContinuousBackups"] = describe_continuous_backups;
}

}  // namespace cairn::api
