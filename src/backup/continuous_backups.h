// Point-in-time recovery (decision 0030): for each table with recovery on, recovery bases
// (storage snapshots, recovery_base.h) that its change records (engine/change_log.h) are
// replayed onto. Enabling takes the first base; a background pass takes a new one every
// base interval, trims the bases and records the window no longer needs (storage stays
// bounded by the window), and removes expired SYSTEM backups. Restoring to time T copies the
// table out of the newest base usable at T, then replays the records up to T.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "backup/backup_catalog.h"
#include "backup/recovery_base.h"
#include "backup/restore_spec.h"
#include "engine/background_worker.h"
#include "engine/engine.h"
#include "engine/storage_fwd.h"

namespace cairn::backup {

struct ContinuousBackupSettings {
  std::chrono::milliseconds base_interval = std::chrono::hours(24);
  // Between two passes: how long a GSI added by UpdateTable may wait for a base of its own.
  std::chrono::milliseconds pass_period = std::chrono::minutes(1);
  // Between a base's replay_from stamp and its snapshot: writes stamped before the stamp
  // have committed by then (a write's stamp and its commit are microseconds apart).
  std::chrono::milliseconds settle = std::chrono::milliseconds(100);
  // How long enabling waits for requests still holding the table's metadata from before.
  std::chrono::milliseconds release_wait = std::chrono::seconds(30);
};

// One item's change over a window (an incremental export's line): its stored form before the
// window and at its end (nullopt where it did not exist), and the time of its last write in
// the window.
struct WindowChange {
  std::optional<std::string_view> before;
  std::optional<std::string_view> after;
  int64_t last_write_us = 0;
};

// The times a table can be restored to (DescribeContinuousBackups).
struct RestoreWindow {
  int64_t earliest_ms = 0;
  int64_t latest_ms = 0;
};

class ContinuousBackups {
 public:
  // root: where bases' snapshots live (DATA-DIR/recovery; for an in-memory store, a path of
  // its memory). At start, snapshots without a record, and the bases and change records of
  // tables without recovery, are removed, and a table with recovery on but no base gets one.
  ContinuousBackups(engine::Engine& engine, BackupCatalog& backups, std::string root, bool on_disk,
                    ContinuousBackupSettings settings = {});

  // UpdateContinuousBackups for the table with that catalogue key: enables recovery (taking
  // the first base), changes its period, or disables it (dropping its bases and records).
  // Returns the table as published.
  engine::TablePtr update(const std::string& table_key, bool enabled,
                          std::optional<int64_t> period_days);
  // nullopt when the table has no recovery on.
  std::optional<RestoreWindow> window(const engine::TableInfo& table) const;
  // A new table named target, source as it was at at_ms (inside window()). Throws ApiError.
  engine::TablePtr restore(const engine::TableInfo& source, int64_t at_ms, std::string target,
                           const RestoreOverrides& overrides);
  // Calls emit with the stored form of every item source held at at_ms (inside window()),
  // in key order, without writing anything: the newest base usable at at_ms, with the
  // change records in records (a snapshot of the store taken after at_ms) laid over it.
  // Memory grows with the number of items changed between the base and at_ms (their keys
  // only). Throws ApiError.
  void for_each_item_at(const engine::TableInfo& source, int64_t at_ms, storage::KvStore& records,
                        const std::function<void(std::string_view stored)>& emit) const;
  // Calls emit once for every item of source written in [from_ms, to_ms) (inside window()),
  // in key order, with its state before from_ms and at to_ms: the newest base usable at
  // from_ms, with the change records in records (a snapshot of the store taken after to_ms)
  // laid over it. An item that neither existed before nor after is left out (put and
  // deleted inside the window). Memory grows with the number of items written in the window
  // (their keys only). Throws ApiError.
  void for_each_change_between(const engine::TableInfo& source, int64_t from_ms, int64_t to_ms,
                               storage::KvStore& records,
                               const std::function<void(const WindowChange&)>& emit) const;
  // After DeleteTable: the table's bases go (its change records went with its data).
  void table_deleted(const engine::TableInfo& table);

  // One pass of the background work (public for tests).
  void run_pass();

 private:
  std::string directory_of(const RecoveryBase& base) const;
  // The newest base usable at at_ms (nullptr: none); bases_mu_ held.
  const RecoveryBase* newest_base_at(uint64_t table_storage_id, int64_t at_ms) const;
  // Takes a base of the table with that key; false when the table is gone or has no
  // recovery on.
  bool take_base(const std::string& table_key);
  void drop_bases(uint64_t table_storage_id);
  void drop_base(const RecoveryBase& base);
  void load_and_sweep();
  void wait_for_release(uint64_t table_storage_id);

  engine::Engine& engine_;
  BackupCatalog& backups_;
  std::string root_;
  bool on_disk_;
  ContinuousBackupSettings settings_;
  std::mutex update_mu_;  // one enabling, disabling or base at a time
  // Restores read a table's bases (shared); taking and dropping them is exclusive.
  mutable std::shared_mutex bases_mu_;
  std::map<uint64_t, std::vector<RecoveryBase>> bases_;  // per table storage id, oldest first
  engine::BackgroundWorker worker_;                      // last: stops first
};

}  // namespace cairn::backup
