// Point-in-time recovery's settings (decision 0030): DescribeContinuousBackups and
// UpdateContinuousBackups over backup/continuous_backups.h. (RestoreTableToPointInTime is
// with the other restore: restore_ops.cc.)
#include "api/constraints.h"
#include "api/handler.h"
#include "api/table_lookup.h"
#include "backup/continuous_backups.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

constexpr int64_t kMinRecoveryPeriodDays = 1;
constexpr int64_t kMaxRecoveryPeriodDays = 35;

backup::ContinuousBackups& recovery_of(RequestContext& ctx) {
  if (!ctx.recovery) {
    throw ApiError(ErrorType::kUnknownOperation,
                   "Cairn does not serve point-in-time recovery here");
  }
  return *ctx.recovery;
}

// ContinuousBackupsStatus is ENABLED exactly when recovery is on (decision 0030 says why).
void write_description(JsonWriter& out, const engine::TableInfo& t,
                       const std::optional<backup::RestoreWindow>& window) {
  const bool on = t.recovery.enabled;
  out.begin_object();
  out.key("ContinuousBackupsDescription");
  out.begin_object();
  out.field("ContinuousBackupsStatus", on ? "ENABLED" : "DISABLED");
  out.key("PointInTimeRecoveryDescription");
  out.begin_object();
  out.field("PointInTimeRecoveryStatus", on ? "ENABLED" : "DISABLED");
  if (on) {
    out.field("RecoveryPeriodInDays", t.recovery.recovery_period_days);
    if (window) {
      out.key("EarliestRestorableDateTime");
      out.decimal_seconds(window->earliest_ms);
      out.key("LatestRestorableDateTime");
      out.decimal_seconds(window->latest_ms);
    }
  }
  out.end_object();
  out.end_object();
  out.end_object();
}

void describe_continuous_backups(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  auto name = r.string("TableName");
  c.table_name_or_arn(name);
  c.throw_if_any();
  const engine::TablePtr t =
      backup_operation_table(ctx.engine.catalog(), ctx.account, ctx.region, *name);
  write_description(out, *t, ctx.recovery ? ctx.recovery->window(*t) : std::nullopt);
}

void update_continuous_backups(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  auto name = r.string("TableName");
  c.table_name_or_arn(name);
  const auto spec = r.object("PointInTimeRecoverySpecification");
  std::optional<bool> enabled;
  std::optional<int64_t> period;
  if (!spec) {
    c.not_null("pointInTimeRecoverySpecification");
  } else {
    const RequestReader s(*spec);
    enabled = s.boolean("PointInTimeRecoveryEnabled");
    if (!enabled) c.not_null("pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled");
    period = s.integer("RecoveryPeriodInDays");
    if (period) {
      const std::string_view field = "pointInTimeRecoverySpecification.recoveryPeriodInDays";
      c.at_least(*period, field, kMinRecoveryPeriodDays);
      c.at_most(*period, field, kMaxRecoveryPeriodDays);
    }
  }
  c.throw_if_any();
  backup::ContinuousBackups& recovery = recovery_of(ctx);
  std::string key;
  {
    // Not held across the update: enabling waits until no request holds the table's
    // metadata from before, this one included.
    const engine::TablePtr t =
        backup_operation_table(ctx.engine.catalog(), ctx.account, ctx.region, *name);
    key = ctx.engine.catalog().key_of(*t);
  }
  const engine::TablePtr updated = recovery.update(key, *enabled, period);
  if (!updated) throw ApiError(ErrorType::kTableNotFound, "Table not found: " + std::string(*name));
  write_description(out, *updated, recovery.window(*updated));
}

}  // namespace

void register_continuous_backup_ops(HandlerTable& table) {
  table["DescribeContinuousBackups"] = describe_continuous_backups;
  table["UpdateContinuousBackups"] = update_continuous_backups;
}

}  // namespace cairn::api
