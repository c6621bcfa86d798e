// On-demand backups (decision 0030): a backup is a storage snapshot of the whole store,
// taken in milliseconds without copying data or blocking writes, plus a record naming the
// table it was taken of (as it was then). It outlives its table. A restore copies the
// table's data out of the snapshot into a new table, which is published only once whole.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "backup/backup_record.h"
#include "backup/restore_spec.h"
#include "engine/engine.h"

namespace cairn::backup {

// How long DynamoDB keeps the SYSTEM backup of a deleted table.
constexpr int64_t kSystemBackupDays = 35;

class BackupCatalog {
 public:
  // root: where snapshots live (DATA-DIR/backups, on_disk; for an in-memory store, a path
  // of its memory). At start, a snapshot on disk without a record (a kill before its record
  // was written) is removed.
  BackupCatalog(engine::Engine& engine, std::string root, bool on_disk);

  // A backup of the table as it is now: a USER backup, or the SYSTEM backup DeleteTable
  // leaves of a table with point-in-time recovery (kept kSystemBackupDays). Throws ApiError.
  BackupRecord create(const engine::TableInfo& table, std::string name,
                      BackupType type = BackupType::kUser);
  // Removes the SYSTEM backups whose time has passed (not those a restore is reading).
  void remove_expired(int64_t now_ms);
  std::optional<BackupRecord> find(std::string_view arn) const;
  // Every backup of the account in the region, oldest first.
  std::vector<BackupRecord> list(std::string_view account, std::string_view region) const;
  // Removes the backup's record, then its snapshot; returns the record as it was.
  std::optional<BackupRecord> remove(std::string_view arn);
  // A new table named target_name from the backup, with the overrides. Throws ApiError
  // (the name taken, limits) before anything is written.
  engine::TablePtr restore(const BackupRecord& backup, std::string target_name,
                           const RestoreOverrides& overrides);

 private:
  std::string snapshot_dir(std::string_view id) const;
  void remove_snapshot(const std::string& dir) const;

  engine::Engine& engine_;
  std::string root_;
  bool on_disk_;
  mutable std::mutex mu_;                 // one backup or deletion at a time
  std::multiset<std::string> restoring_;  // ids of the backups restores are reading
};

}  // namespace cairn::backup
