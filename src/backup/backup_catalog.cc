#include "backup/backup_catalog.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "backup/operation_id.h"
#include "engine/key_space.h"
#include "engine/table_copy.h"
#include "model/api_error.h"
#include "model/clock.h"
#include "storage/kv_store.h"

namespace cairn::backup {
namespace {

// The backup id an ARN ends with ("<table ARN>/backup/<id>"), or empty.
std::string_view id_of(std::string_view arn) {
  return operation_id_of(arn, "backup");
}

}  // namespace

BackupCatalog::BackupCatalog(engine::Engine& engine, std::string root, bool on_disk)
    : engine_(engine), root_(std::move(root)), on_disk_(on_disk) {
  if (!on_disk_) return;
  std::filesystem::create_directories(root_);
  std::filesystem::permissions(root_, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace);
  // Snapshots whose record was never written (a kill between the two) are removed.
  std::set<std::string> recorded;
  const engine::KeyRange range = engine::backup_record_range();
  auto it = engine_.store().scan(range.lower, range.upper);
  for (it->seek_to_first(); it->valid(); it->next()) {
    recorded.insert(decode_backup_record(it->value()).id);
  }
  for (const auto& entry : std::filesystem::directory_iterator(root_)) {
    const std::string name = entry.path().filename().string();
    // Only directories are snapshots (or a kill's remains of one); anything else is not ours.
    if (!entry.is_directory() || recorded.count(name)) continue;
    engine_.store().remove_snapshot(entry.path().string());
  }
}

std::string BackupCatalog::snapshot_dir(std::string_view id) const {
  return root_ + "/" + std::string(id);
}

BackupRecord BackupCatalog::create(const engine::TableInfo& table, std::string name,
                                   BackupType type) {
  std::lock_guard lock(mu_);
  BackupRecord record;
  record.created_ms = now_ms();
  record.id = new_operation_id(record.created_ms);
  record.name = std::move(name);
  record.type = type;
  if (type == BackupType::kSystem) {
    record.expiry_ms = record.created_ms + kSystemBackupDays * 24 * 3600 * 1000;
  }
  record.table = table;
  const engine::TableStats stats = engine_.items().stats(table);
  record.item_count = stats.item_count;
  record.size_bytes = stats.size_bytes;
  // The snapshot first, then the record that makes it a backup: a kill between the two
  // leaves a snapshot the next start removes.
  engine_.store().write_snapshot(snapshot_dir(record.id));
  // A table dropped meanwhile may have lost its items before the snapshot: the backup is
  // refused then, as of a table that no longer exists. (Its items go only after it has left
  // the catalogue, so one still there was whole in the snapshot.)
  const engine::TablePtr still = engine_.catalog().find(table.account_id, table.region, table.name);
  if (!still || still->table_id != table.table_id) {
    engine_.store().remove_snapshot(snapshot_dir(record.id));
    throw ApiError(ErrorType::kTableNotFound, "Table not found: " + table.name);
  }
  // Likewise an index dropped meanwhile may have lost its entries: the backup keeps only the
  // indexes the table had, whole, both before and after the snapshot.
  record.table.indexes = indexes_in_both(record.table.indexes, *still);
  engine_.store().put(engine::backup_record_key(record.id), encode_backup_record(record));
  engine_.store().make_durable();
  return record;
}

std::optional<BackupRecord> BackupCatalog::find(std::string_view arn) const {
  const std::string_view id = id_of(arn);
  if (id.empty()) return std::nullopt;
  const auto bytes = engine_.store().get(engine::backup_record_key(id));
  if (!bytes) return std::nullopt;
  BackupRecord record = decode_backup_record(*bytes);
  if (record.arn() != arn) return std::nullopt;
  return record;
}

std::vector<BackupRecord> BackupCatalog::list(std::string_view account,
                                              std::string_view region) const {
  // Every table ARN of the account in the region starts so.
  const std::string prefix = engine_.catalog().arn_of(account, region, "");
  std::vector<BackupRecord> out;
  const engine::KeyRange range = engine::backup_record_range();
  auto it = engine_.store().scan(range.lower, range.upper);
  for (it->seek_to_first(); it->valid(); it->next()) {
    BackupRecord record = decode_backup_record(it->value());
    if (record.table.arn.compare(0, prefix.size(), prefix) == 0) out.push_back(std::move(record));
  }
  // Ids begin with the creation time: their order is creation order.
  std::sort(out.begin(), out.end(),
            [](const BackupRecord& a, const BackupRecord& b) { return a.id < b.id; });
  return out;
}

std::optional<BackupRecord> BackupCatalog::remove(std::string_view arn) {
  std::lock_guard lock(mu_);
  std::optional<BackupRecord> record = find(arn);
  if (!record) return std::nullopt;
  if (restoring_.count(record->id)) {
    throw ApiError(ErrorType::kBackupInUse,
                   "Backup is being used to restore a table: " + std::string(arn));
  }
  engine_.store().remove(engine::backup_record_key(record->id));
  engine_.store().make_durable();
  engine_.store().remove_snapshot(snapshot_dir(record->id));
  return record;
}

void BackupCatalog::remove_expired(int64_t now) {
  std::vector<std::string> expired;
  {
    const engine::KeyRange range = engine::backup_record_range();
    auto it = engine_.store().scan(range.lower, range.upper);
    for (it->seek_to_first(); it->valid(); it->next()) {
      const BackupRecord record = decode_backup_record(it->value());
      if (record.type == BackupType::kSystem && record.expiry_ms <= now) {
        expired.push_back(record.arn());
      }
    }
  }
  for (const std::string& arn : expired) {
    try {
      remove(arn);
    } catch (const ApiError&) {
      // Being restored from: it goes at a later pass.
    }
  }
}

engine::TablePtr BackupCatalog::restore(const BackupRecord& backup, std::string target_name,
                                        const RestoreOverrides& overrides) {
  engine::TableInfo spec = restore_spec(backup.table, std::move(target_name), overrides,
                                        {backup.arn(), backup.table.arn, now_ms()});

  // The backup stays while it is read: DeleteBackup meanwhile is BackupInUseException.
  {
    std::lock_guard lock(mu_);
    if (!find(backup.arn())) {
      throw ApiError(ErrorType::kBackupNotFound, "Backup not found: " + backup.arn());
    }
    restoring_.insert(backup.id);
  }
  struct Release {
    BackupCatalog& catalog;
    const std::string& id;
    ~Release() {
      std::lock_guard lock(catalog.mu_);
      catalog.restoring_.erase(catalog.restoring_.find(id));
    }
  } release{*this, backup.id};
  const std::unique_ptr<storage::KvStore> snapshot =
      engine_.store().open_snapshot(snapshot_dir(backup.id));
  return engine_.catalog().create_filled(std::move(spec), [&](const engine::TableInfo& table) {
    engine::copy_table_data(*snapshot, backup.table, engine_.store(), table);
  });
}

}  // namespace cairn::backup
