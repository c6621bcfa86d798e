// On-demand backups (decision 0030): CreateBackup, DescribeBackup, ListBackups, DeleteBackup
// over backup/backup_catalog.h (the restores: restore_ops.cc; point-in-time recovery:
// continuous_backup_ops.cc).
#include "api/backup_description.h"
#include "api/constraints.h"
#include "api/handler.h"
#include "api/table_description.h"
#include "api/table_lookup.h"
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
  c.table_name_or_arn(table);
  if (!name) {
    c.not_null("backupName");
  } else if (c.length_between(*name, "backupName", 3, 255)) {
    c.pattern(*name, "backupName", "[a-zA-Z0-9_.-]+", is_table_name_char);
  }
  c.throw_if_any();
  const engine::TablePtr t =
      backup_operation_table(ctx.engine.catalog(), ctx.account, ctx.region, *table);
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
  const auto lower = r.timestamp_ms("TimeRangeLowerBound");
  const auto upper = r.timestamp_ms("TimeRangeUpperBound");
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

}  // namespace

void register_restore_ops(HandlerTable& table);
void register_continuous_backup_ops(HandlerTable& table);

void register_backup_ops(HandlerTable& table) {
  table["CreateBackup"] = create_backup;
  table["DescribeBackup"] = describe_backup;
  table["DeleteBackup"] = delete_backup;
  table["ListBackups"] = list_backups;
  register_restore_ops(table);
  register_continuous_backup_ops(table);
}

}  // namespace cairn::api
