// On-demand backups (decision 0030): CreateBackup, DescribeBackup, ListBackups, DeleteBackup
// and RestoreTableFromBackup over backup/backup_catalog.h; and DescribeContinuousBackups.
#include <cmath>

#include "api/backup_description.h"
#include "api/constraints.h"
#include "api/handler.h"
#include "api/table_description.h"
#include "backup/backup_catalog.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

constexpr int64_t kMaxListLimit = 100;

backup::BackupCatalog& backups_of(RequestContext& ctx) {
  if (!ctx.backups) {
    throw ApiError(ErrorType::kUnknownOperation, "Cairn does not serve backups here");
  }
  return *ctx.backups;
}

// The table a backup operation names (by name or ARN), or its TableNotFoundException.
engine::TablePtr backup_table(RequestContext& ctx, std::string_view name) {
  engine::TablePtr t = name.substr(0, 4) == "arn:"
                           ? ctx.engine.catalog().find_by_arn(name)
                           : ctx.engine.catalog().find(ctx.account, ctx.region, name);
  // An ARN of another account or region is not this request's table.
  if (t && t->arn != ctx.engine.catalog().arn_of(ctx.account, ctx.region, t->name)) t = nullptr;
  if (!t) throw ApiError(ErrorType::kTableNotFound, "Table not found: " + std::string(name));
  return t;
}

// The backup an ARN names, among the request's account and region's, or its
// BackupNotFoundException.
backup::BackupRecord named_backup(RequestContext& ctx, std::string_view arn) {
  auto found = backups_of(ctx).find(arn);
  const std::string prefix = ctx.engine.catalog().arn_of(ctx.account, ctx.region, "");
  if (!found || found->table.arn.compare(0, prefix.size(), prefix) != 0) {
    throw ApiError(ErrorType::kBackupNotFound, "Backup not found: " + std::string(arn));
  }
  return *found;
}

void backup_arn_constraint(Constraints& c, const std::optional<std::string_view>& arn) {
  if (!arn) return c.not_null("backupArn");
  c.length_between(*arn, "backupArn", 37, 1024);
}

void create_backup(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  const auto table = r.string("TableName");
  const auto name = r.string("BackupName");
  c.table_name(table);
  if (!name) {
    c.not_null("backupName");
  } else if (c.length_between(*name, "backupName", 3, 255)) {
    c.pattern(*name, "backupName", "[a-zA-Z0-9_.-]+", is_table_name_char);
  }
  c.throw_if_any();
  const engine::TablePtr t = backup_table(ctx, *table);
  const backup::BackupRecord made = backups_of(ctx).create(*t, std::string(*name));
  out.begin_object();
  out.key("BackupDetails");
  write_backup_details(out, made, "AVAILABLE");
  out.end_object();
}

void describe_backup(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  const auto arn = r.string("BackupArn");
  backup_arn_constraint(c, arn);
  c.throw_if_any();
  const backup::BackupRecord b = named_backup(ctx, *arn);
  out.begin_object();
  out.key("BackupDescription");
  write_backup_description(out, b, "AVAILABLE");
  out.end_object();
}

void delete_backup(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  const auto arn = r.string("BackupArn");
  backup_arn_constraint(c, arn);
  c.throw_if_any();
  named_backup(ctx, *arn);  // another account's is not found
  const auto removed = backups_of(ctx).remove(*arn);
  if (!removed)
    throw ApiError(ErrorType::kBackupNotFound, "Backup not found: " + std::string(*arn));
  out.begin_object();
  out.key("BackupDescription");
  write_backup_description(out, *removed, "DELETED");
  out.end_object();
}

// A time bound of ListBackups: epoch seconds (with a fraction) as ms.
std::optional<int64_t> time_bound(const RequestReader& r, std::string_view name) {
  const auto e = r.element(name);
  if (!e) return std::nullopt;
  double seconds = 0;
  if (e->get_double().get(seconds)) {
    throw ApiError::serialization("NUMBER_VALUE cannot be converted to Timestamp");
  }
  return static_cast<int64_t>(std::llround(seconds * 1000));
}

void list_backups(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  const auto table = r.string("TableName");
  if (table) c.table_name(table);
  const auto limit = r.integer("Limit");
  if (limit) {
    c.at_least(*limit, "limit", 1);
    c.at_most(*limit, "limit", kMaxListLimit);
  }
  const auto start = r.string("ExclusiveStartBackupArn");
  if (start) c.length_between(*start, "exclusiveStartBackupArn", 37, 1024);
  const std::string_view type = r.string("BackupType").value_or("USER");
  c.one_of(type, "backupType", {"USER", "SYSTEM", "AWS_BACKUP", "ALL"});
  c.throw_if_any();
  const auto lower = time_bound(r, "TimeRangeLowerBound");
  const auto upper = time_bound(r, "TimeRangeUpperBound");
  if (lower && upper && *lower > *upper) {
    throw ApiError::validation("TimeRangeUpperBound must be greater than TimeRangeLowerBound");
  }

  out.begin_object();
  out.key("BackupSummaries");
  out.begin_array();
  const auto all = backups_of(ctx).list(ctx.account, ctx.region);
  bool started = !start;
  int64_t shown = 0;
  std::string last;
  bool more = false;
  // Ids begin with their creation time: a page resumes after the start's id even when that
  // backup has been deleted since.
  const std::string after = start ? std::string(start->substr(start->rfind('/') + 1)) : "";
  for (const backup::BackupRecord& b : all) {
    if (!started) {
      if (b.id <= after) continue;
      started = true;
    }
    if (table && b.table.name != *table && b.table.arn != *table) continue;
    if (type != "ALL" && type != backup::backup_type_name(b.type)) continue;
    // The bounds are inclusive of the lower and exclusive of the upper (DynamoDB's words:
    // "created after" and "created before").
    if (lower && b.created_ms < *lower) continue;
    if (upper && b.created_ms >= *upper) continue;
    if (limit && shown == *limit) {
      more = true;
      break;
    }
    write_backup_summary(out, b);
    last = b.arn();
    ++shown;
  }
  out.end_array();
  if (more) out.field("LastEvaluatedBackupArn", last);
  out.end_object();
}

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

void register_restore_ops(HandlerTable& table);

void register_backup_ops(HandlerTable& table) {
  table["CreateBackup"] = create_backup;
  table["DescribeBackup"] = describe_backup;
  table["DeleteBackup"] = delete_backup;
  table["ListBackups"] = list_backups;
  table["DescribeContinuousBackups"] = describe_continuous_backups;
  register_restore_ops(table);
}

}  // namespace cairn::api
