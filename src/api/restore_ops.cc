// The restores (decision 0030): RestoreTableFromBackup (a new table from an on-demand or
// SYSTEM backup) and RestoreTableToPointInTime (a new table from a table's point-in-time
// recovery), both with DynamoDB's overrides (billing mode, throughput, the indexes kept, SSE).
#include "api/constraints.h"
#include "api/handler.h"
#include "api/table_description.h"
#include "api/table_lookup.h"
#include "api/table_request.h"
#include "backup/backup_catalog.h"
#include "backup/continuous_backups.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

// The names of the indexes an override list keeps; each must be one of the source's.
std::optional<std::vector<std::string>> kept_indexes(const RequestReader& r,
                                                     std::string_view member,
                                                     const engine::TableInfo& source,
                                                     engine::IndexKind kind) {
  const auto list = r.array(member);
  if (!list) return std::nullopt;
  std::vector<std::string> names;
  for (JsonElement e : *list) {
    JsonObject index;
    std::string_view name;
    if (e.get_object().get(index) || index["IndexName"].get_string().get(name)) {
      throw ApiError::validation(std::string(member) + ": every index needs its IndexName");
    }
    const engine::IndexInfo* found = source.find_index(name);
    if (!found || found->kind != kind) {
      throw ApiError::validation(std::string(member) + ": the backup has no index " +
                                 std::string(name));
    }
    names.emplace_back(name);
  }
  return names;
}

// The target name's constraint, and the billing override's; the rest of a restore's
// overrides are read by read_overrides.
void check_common(Constraints& c, const RequestReader& r) {
  const auto target = r.string("TargetTableName");
  if (!target) {
    c.not_null("targetTableName");
  } else {
    c.new_table_name(*target, "targetTableName");
  }
  const auto billing = r.string("BillingModeOverride");
  if (billing) c.one_of(*billing, "billingModeOverride", {"PROVISIONED", "PAY_PER_REQUEST"});
}

backup::RestoreOverrides read_overrides(RequestContext& ctx, const RequestReader& r,
                                        const engine::TableInfo& source) {
  backup::RestoreOverrides overrides;
  if (const auto billing = r.string("BillingModeOverride")) {
    overrides.billing_mode = *billing == "PAY_PER_REQUEST" ? engine::BillingMode::kPayPerRequest
                                                           : engine::BillingMode::kProvisioned;
  }
  if (const auto t = r.object("ProvisionedThroughputOverride")) {
    const RequestReader throughput(*t);
    engine::Throughput given;
    given.read_capacity = throughput.integer("ReadCapacityUnits").value_or(0);
    given.write_capacity = throughput.integer("WriteCapacityUnits").value_or(0);
    if (given.read_capacity < 1 || given.write_capacity < 1) {
      throw ApiError::validation(
          "ProvisionedThroughputOverride: ReadCapacityUnits and WriteCapacityUnits must be at "
          "least 1");
    }
    overrides.throughput = given;
  }
  const bool provisioned = overrides.billing_mode
                               ? *overrides.billing_mode == engine::BillingMode::kProvisioned
                               : source.billing_mode == engine::BillingMode::kProvisioned;
  if (provisioned && !overrides.throughput && source.throughput.read_capacity == 0) {
    throw ApiError::validation(
        "ProvisionedThroughputOverride must be given to restore an on-demand table as "
        "PROVISIONED");
  }
  overrides.global_indexes =
      kept_indexes(r, "GlobalSecondaryIndexOverride", source, engine::IndexKind::kGlobal);
  overrides.local_indexes =
      kept_indexes(r, "LocalSecondaryIndexOverride", source, engine::IndexKind::kLocal);
  overrides.sse_kms_key_arn =
      read_sse_specification(r, ctx.account, ctx.region, "SSESpecificationOverride");
  return overrides;
}

void refuse_taken_name(RequestContext& ctx, std::string_view target) {
  if (ctx.engine.catalog().find(ctx.account, ctx.region, target)) {
    throw ApiError(ErrorType::kTableAlreadyExists, "Table already exists: " + std::string(target));
  }
}

// Runs a restore; a name taken meanwhile is TableAlreadyExistsException too.
engine::TablePtr run_restore(std::string_view target,
                             const std::function<engine::TablePtr()>& restore) {
  try {
    return restore();
  } catch (const ApiError& e) {
    if (e.type() == ErrorType::kResourceInUse) {
      throw ApiError(ErrorType::kTableAlreadyExists,
                     "Table already exists: " + std::string(target));
    }
    throw;
  }
}

void write_restored(RequestContext& ctx, JsonWriter& out, const engine::TableInfo& made) {
  out.begin_object();
  out.key("TableDescription");
  write_table_description(
      out, made, ctx.engine.items().stats(made), "ACTIVE", DescriptionKind::kFull,
      [&](const engine::IndexInfo& index) { return ctx.engine.items().index_stats(index); });
  out.end_object();
}

void restore_table_from_backup(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  check_common(c, r);
  const auto arn = r.string("BackupArn");
  if (!arn) {
    c.not_null("backupArn");
  } else {
    c.length_between(*arn, "backupArn", 37, 1024);
  }
  c.throw_if_any();
  if (!ctx.backups)
    throw ApiError(ErrorType::kUnknownOperation, "Cairn does not serve backups here");
  const std::string_view target = *r.string("TargetTableName");

  const auto found = ctx.backups->find(*arn);
  const std::string prefix = ctx.engine.catalog().arn_of(ctx.account, ctx.region, "");
  if (!found || found->table.arn.compare(0, prefix.size(), prefix) != 0) {
    throw ApiError(ErrorType::kBackupNotFound, "Backup not found: " + std::string(*arn));
  }
  const backup::BackupRecord& b = *found;
  refuse_taken_name(ctx, target);
  const backup::RestoreOverrides overrides = read_overrides(ctx, r, b.table);
  const engine::TablePtr made =
      run_restore(target, [&] { return ctx.backups->restore(b, std::string(target), overrides); });
  write_restored(ctx, out, *made);
}

void restore_table_to_point_in_time(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  check_common(c, r);
  const auto source_name = r.string("SourceTableName");
  const auto source_arn = r.string("SourceTableArn");
  if (source_name) c.table_name(source_name, "sourceTableName");
  if (source_arn) c.length_between(*source_arn, "sourceTableArn", 1, 1024);
  c.throw_if_any();
  if (source_name.has_value() == source_arn.has_value()) {
    throw ApiError::validation("Exactly one of SourceTableName and SourceTableArn must be given");
  }
  const auto at = r.timestamp_ms("RestoreDateTime");
  const bool latest = r.boolean("UseLatestRestorableTime").value_or(false);
  if (at.has_value() == latest) {
    throw ApiError::validation(
        "Exactly one of RestoreDateTime and UseLatestRestorableTime must be given");
  }
  if (!ctx.recovery) {
    throw ApiError(ErrorType::kUnknownOperation,
                   "Cairn does not serve point-in-time recovery here");
  }
  const std::string_view target = *r.string("TargetTableName");
  const engine::TablePtr source = backup_operation_table(
      ctx.engine.catalog(), ctx.account, ctx.region, source_name ? *source_name : *source_arn);
  const auto window = ctx.recovery->window(*source);
  if (!window) {
    throw ApiError(ErrorType::kPointInTimeRecoveryUnavailable,
                   "Point in time recovery is not enabled for table '" + source->name + "'");
  }
  const int64_t restore_ms = latest ? window->latest_ms : *at;
  if (restore_ms < window->earliest_ms || restore_ms > window->latest_ms) {
    throw ApiError::invalid_restore_time();
  }
  refuse_taken_name(ctx, target);
  const backup::RestoreOverrides overrides = read_overrides(ctx, r, *source);
  const engine::TablePtr made = run_restore(target, [&] {
    return ctx.recovery->restore(*source, restore_ms, std::string(target), overrides);
  });
  write_restored(ctx, out, *made);
}

}  // namespace

void register_restore_ops(HandlerTable& table) {
  table["RestoreTableFromBackup"] = restore_table_from_backup;
  table["RestoreTableToPointInTime"] = restore_table_to_point_in_time;
}

}  // namespace cairn::api
