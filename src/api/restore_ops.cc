// RestoreTableFromBackup: a new table from an on-demand backup (decision 0030), with
// DynamoDB's overrides (billing mode, throughput, the indexes kept, SSE).
#include "api/constraints.h"
#include "api/handler.h"
#include "api/table_description.h"
#include "api/table_request.h"
#include "backup/backup_catalog.h"
#include "model/api_error.h"
#include "model/clock.h"

namespace cairn::api {
namespace {

// The names of the indexes an override list keeps; each must be one of the backup's.
std::optional<std::vector<std::string>> kept_indexes(const RequestReader& r,
                                                     std::string_view member,
                                                     const engine::TableInfo& backed_up,
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
    const engine::IndexInfo* found = backed_up.find_index(name);
    if (!found || found->kind != kind) {
      throw ApiError::validation(std::string(member) + ": the backup has no index " +
                                 std::string(name));
    }
    names.emplace_back(name);
  }
  return names;
}

void restore_table_from_backup(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  const auto target = r.string("TargetTableName");
  const auto arn = r.string("BackupArn");
  if (!target) {
    c.not_null("targetTableName");
  } else {
    c.new_table_name(*target, "targetTableName");
  }
  if (!arn) {
    c.not_null("backupArn");
  } else {
    c.length_between(*arn, "backupArn", 37, 1024);
  }
  const auto billing = r.string("BillingModeOverride");
  if (billing) c.one_of(*billing, "billingModeOverride", {"PROVISIONED", "PAY_PER_REQUEST"});
  c.throw_if_any();
  if (!ctx.backups)
    throw ApiError(ErrorType::kUnknownOperation, "Cairn does not serve backups here");

  const auto found = ctx.backups->find(*arn);
  const std::string prefix = ctx.engine.catalog().arn_of(ctx.account, ctx.region, "");
  if (!found || found->table.arn.compare(0, prefix.size(), prefix) != 0) {
    throw ApiError(ErrorType::kBackupNotFound, "Backup not found: " + std::string(*arn));
  }
  const backup::BackupRecord& b = *found;
  if (ctx.engine.catalog().find(ctx.account, ctx.region, *target)) {
    throw ApiError(ErrorType::kTableAlreadyExists, "Table already exists: " + std::string(*target));
  }

  backup::RestoreOverrides overrides;
  if (billing) {
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
                               : b.table.billing_mode == engine::BillingMode::kProvisioned;
  if (provisioned && !overrides.throughput && b.table.throughput.read_capacity == 0) {
    throw ApiError::validation(
        "ProvisionedThroughputOverride must be given to restore an on-demand table as "
        "PROVISIONED");
  }
  overrides.global_indexes =
      kept_indexes(r, "GlobalSecondaryIndexOverride", b.table, engine::IndexKind::kGlobal);
  overrides.local_indexes =
      kept_indexes(r, "LocalSecondaryIndexOverride", b.table, engine::IndexKind::kLocal);
  overrides.sse_kms_key_arn =
      read_sse_specification(r, ctx.account, ctx.region, "SSESpecificationOverride");

  const int64_t started = now_ms();
  engine::TablePtr made;
  try {
    made = ctx.backups->restore(b, std::string(*target), overrides);
  } catch (const ApiError& e) {
    // The name was taken meanwhile.
    if (e.type() == ErrorType::kResourceInUse) {
      throw ApiError(ErrorType::kTableAlreadyExists,
                     "Table already exists: " + std::string(*target));
    }
    throw;
  }
  const engine::TableStats stats = ctx.engine.items().stats(*made);
  out.begin_object();
  out.key("TableDescription");
  write_table_description(
      out, *made, stats, "ACTIVE", DescriptionKind::kFull,
      [&](const engine::IndexInfo& index) { return ctx.engine.items().index_stats(index); },
      nullptr,
      [&](JsonWriter& w) {
        w.key("RestoreSummary");
        w.begin_object();
        w.field("SourceBackupArn", b.arn());
        w.field("SourceTableArn", b.table.arn);
        w.key("RestoreDateTime");
        w.decimal_seconds(started);
        w.field("RestoreInProgress", false);
        w.end_object();
      });
  out.end_object();
}

}  // namespace

void register_restore_ops(HandlerTable& table) {
  table["RestoreTableFromBackup"] = restore_table_from_backup;
}

}  // namespace cairn::api
