#include "backup/continuous_backups.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <thread>

#include "engine/change_log.h"
#include "engine/key_space.h"
#include "engine/table_copy.h"
#include "model/api_error.h"
#include "model/clock.h"
#include "model/key_codec.h"
#include "storage/kv_store.h"

namespace cairn::backup {
namespace {

constexpr int64_t kMsPerDay = 24 * 3600 * 1000;
// The latest restorable time trails the clock by this much: a write stamped before it has
// committed (DynamoDB's trails by about five minutes).
constexpr int64_t kLatestRestorableLagMs = 1000;

}  // namespace

ContinuousBackups::ContinuousBackups(engine::Engine& engine, BackupCatalog& backups,
                                     std::string root, bool on_disk,
                                     ContinuousBackupSettings settings)
    : engine_(engine),
      backups_(backups),
      root_(std::move(root)),
      on_disk_(on_disk),
      settings_(settings),
      worker_("point-in-time recovery pass", [this] {
        run_pass();
        return engine::BackgroundWorker::PassOutcome::kDone;
      }) {
  if (on_disk_) {
    std::filesystem::create_directories(root_);
    std::filesystem::permissions(root_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
  }
  load_and_sweep();
  run_pass();
  worker_.start({.period = settings_.pass_period, .wait_before_first = true});
}

std::string ContinuousBackups::directory_of(const RecoveryBase& base) const {
  return root_ + "/" + base.directory_name();
}

void ContinuousBackups::load_and_sweep() {
  storage::KvStore& store = engine_.store();
  // The tables with recovery on, by storage id, with their catalogue keys.
  std::map<uint64_t, std::string> recovering;
  for (const std::string& key : engine_.catalog().names()) {
    if (const engine::TablePtr t = engine_.catalog().find(key); t && t->recovery.enabled) {
      recovering[t->storage_id] = key;
    }
  }
  // Bases: kept when their table still has recovery on; the rest (a kill in the middle of a
  // disabling or a DeleteTable) go.
  std::vector<std::pair<std::string, RecoveryBase>> stale;
  {
    const engine::KeyRange range = engine::recovery_base_range();
    auto it = store.scan(range.lower, range.upper);
    for (it->seek_to_first(); it->valid(); it->next()) {
      RecoveryBase base = decode_recovery_base(it->value());
      if (recovering.count(base.table.storage_id)) {
        bases_[base.table.storage_id].push_back(std::move(base));
      } else {
        stale.emplace_back(std::string(it->key()), std::move(base));
      }
    }
  }
  for (const auto& [key, base] : stale) {
    store.remove(key);
    store.remove_snapshot(directory_of(base));
  }
  // Snapshot directories without a record: a kill while a base was being taken.
  if (on_disk_) {
    std::set<std::string> recorded;
    for (const auto& [id, bases] : bases_) {
      for (const RecoveryBase& base : bases) recorded.insert(base.directory_name());
    }
    for (const auto& entry : std::filesystem::directory_iterator(root_)) {
      if (!recorded.count(entry.path().filename().string())) {
        store.remove_snapshot(entry.path().string());
      }
    }
  }
  // Change records of tables without recovery (a kill in the middle of a disabling), one
  // seek per table.
  const std::string tag(1, static_cast<char>(engine::KeyTag::kChangeRecord));
  std::string from = tag;
  for (;;) {
    std::optional<engine::StampedKey> found;
    {
      auto it = store.scan(from, engine::prefix_range(tag).upper);
      it->seek_to_first();
      if (!it->valid()) break;
      found = engine::parse_stamped_key(it->key());
    }
    if (!found) break;
    const engine::KeyRange records = engine::change_record_range(found->table_storage_id);
    if (!recovering.count(found->table_storage_id)) {
      store.remove_range(records.lower, records.upper);
    }
    from = records.upper;
  }
  store.make_durable();
  // A table whose enabling a kill cut short has recovery on but no base yet.
  for (const auto& [id, key] : recovering) {
    if (!bases_.count(id)) take_base(key);
  }
}

void ContinuousBackups::wait_for_release(uint64_t table_storage_id) {
  const auto give_up = std::chrono::steady_clock::now() + settings_.release_wait;
  while (engine_.catalog().superseded_snapshots_held(table_storage_id) &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

bool ContinuousBackups::take_base(const std::string& table_key) {
  storage::KvStore& store = engine_.store();
  const engine::TablePtr before = engine_.catalog().find(table_key);
  if (!before || !before->recovery.enabled) return false;
  RecoveryBase base;
  base.replay_from = engine::next_change_stamp();
  std::this_thread::sleep_for(settings_.settle);
  base.table = *before;
  store.write_snapshot(directory_of(base));
  base.usable_from_ms = now_ms();
  // As for a backup: a table or index dropped meanwhile may have lost its data before the
  // snapshot, so the base keeps only what was there both before and after it.
  const engine::TablePtr after = engine_.catalog().find(table_key);
  if (!after || after->storage_id != before->storage_id || !after->recovery.enabled) {
    store.remove_snapshot(directory_of(base));
    return false;
  }
  base.table.indexes = indexes_in_both(base.table.indexes, *after);
  store.put(engine::recovery_base_key(base.table.storage_id, base.replay_from),
            encode_recovery_base(base));
  store.make_durable();
  std::unique_lock lock(bases_mu_);
  bases_[base.table.storage_id].push_back(std::move(base));
  return true;
}

void ContinuousBackups::drop_base(const RecoveryBase& base) {
  engine_.store().remove(engine::recovery_base_key(base.table.storage_id, base.replay_from));
  engine_.store().make_durable();
  engine_.store().remove_snapshot(directory_of(base));
}

void ContinuousBackups::drop_bases(uint64_t table_storage_id) {
  std::vector<RecoveryBase> dropped;
  {
    std::unique_lock lock(bases_mu_);
    auto it = bases_.find(table_storage_id);
    if (it == bases_.end()) return;
    dropped = std::move(it->second);
    bases_.erase(it);
  }
  for (const RecoveryBase& base : dropped) drop_base(base);
}

engine::TablePtr ContinuousBackups::update(const std::string& table_key, bool enabled,
                                           std::optional<int64_t> period_days) {
  std::lock_guard lock(update_mu_);
  engine::TablePtr current = engine_.catalog().get(table_key);
  const uint64_t id = current->storage_id;
  if (!enabled) {
    if (!current->recovery.enabled) return current;
    engine::TablePtr t =
        engine_.catalog().update(table_key, [](engine::TableInfo& info) { info.recovery = {}; });
    drop_bases(id);
    const engine::KeyRange records = engine::change_record_range(id);
    engine_.store().remove_range(records.lower, records.upper);
    return t;
  }
  if (current->recovery.enabled) {
    if (!period_days || *period_days == current->recovery.recovery_period_days) return current;
    return engine_.catalog().update(table_key, [&](engine::TableInfo& info) {
      info.recovery.recovery_period_days = *period_days;
    });
  }
  current.reset();  // enabling waits for every holder of the metadata from before
  // Records stamped before this are an earlier enabling's: none is replayed onto the base
  // taken below, and they go.
  const uint64_t enabling = engine::next_change_stamp();
  engine_.catalog().update(table_key, [&](engine::TableInfo& info) {
    info.recovery.enabled = true;
    info.recovery.recovery_period_days = period_days.value_or(35);
    info.recovery.enabled_ms = now_ms();
  });
  // Requests that hold the metadata from before write without change records; the base's
  // snapshot must come after the last of them.
  wait_for_release(id);
  engine_.store().remove_range(engine::change_record_key(id, 0),
                               engine::change_record_key(id, enabling));
  take_base(table_key);
  return engine_.catalog().find(table_key);
}

std::optional<RestoreWindow> ContinuousBackups::window(const engine::TableInfo& table) const {
  if (!table.recovery.enabled) return std::nullopt;
  std::shared_lock lock(bases_mu_);
  auto it = bases_.find(table.storage_id);
  if (it == bases_.end() || it->second.empty()) return std::nullopt;
  const int64_t now = now_ms();
  RestoreWindow w;
  w.earliest_ms = std::max(it->second.front().usable_from_ms,
                           now - table.recovery.recovery_period_days * kMsPerDay);
  w.latest_ms = std::max(w.earliest_ms, now - kLatestRestorableLagMs);
  return w;
}

engine::TablePtr ContinuousBackups::restore(const engine::TableInfo& source, int64_t at_ms,
                                            std::string target, const RestoreOverrides& overrides) {
  // The bases stay while this restore reads them (a trim or a disabling waits).
  std::shared_lock lock(bases_mu_);
  const RecoveryBase* base = nullptr;
  if (auto it = bases_.find(source.storage_id); it != bases_.end()) {
    for (const RecoveryBase& b : it->second) {
      if (b.usable_from_ms <= at_ms) base = &b;
    }
  }
  if (!base) {
    throw ApiError::invalid_restore_time();
  }
  // Only indexes the base holds whole can be restored from it.
  engine::TableInfo restorable = source;
  restorable.indexes = indexes_in_both(source.indexes, base->table);
  engine::TableInfo spec =
      restore_spec(restorable, std::move(target), overrides, {"", source.arn, at_ms});
  storage::KvStore& store = engine_.store();
  const std::unique_ptr<storage::KvStore> snapshot = store.open_snapshot(directory_of(*base));
  return engine_.catalog().create_filled(std::move(spec), [&](const engine::TableInfo& table) {
    engine::copy_table_data(*snapshot, base->table, store, table);
    engine::replay_changes(store, source, base->replay_from, engine::last_stamp_of(at_ms), store,
                           table, engine_.changes());
  });
}

void ContinuousBackups::for_each_change_between(
    const engine::TableInfo& source, int64_t from_ms, int64_t to_ms, storage::KvStore& records,
    const std::function<void(const WindowChange&)>& emit) const {
  std::shared_lock lock(bases_mu_);
  const RecoveryBase* base = newest_base_at(source.storage_id, from_ms);
  if (!base) throw ApiError::invalid_restore_time();
  struct Written {
    std::string last;    // the key of its last record in the window
    std::string before;  // the key of its last record before it, if any since the base
  };
  std::map<std::string, Written, std::less<>> written;  // key suffix -> its records
  auto scan_records = [&](uint64_t first, uint64_t end, auto&& each) {
    const std::string lower = engine::change_record_key(source.storage_id, first);
    const std::string upper = engine::change_record_key(source.storage_id, end);
    auto it = records.scan(lower, upper);
    for (it->seek_to_first(); it->valid(); it->next()) {
      const auto record = engine::parse_change_record(it->value());
      if (!record) throw ApiError::internal("corrupt change record");
      each(record->key_suffix, it->key());
    }
  };
  const uint64_t window_start = std::max(engine::first_stamp_of(from_ms), base->replay_from);
  scan_records(window_start, engine::first_stamp_of(to_ms),
               [&](std::string_view suffix, std::string_view key) {
                 written[std::string(suffix)].last = std::string(key);
               });
  scan_records(base->replay_from, window_start, [&](std::string_view suffix, std::string_view key) {
    if (auto it = written.find(suffix); it != written.end()) it->second.before = std::string(key);
  });
  const std::unique_ptr<storage::KvStore> snapshot =
      engine_.store().open_snapshot(directory_of(*base));
  const std::string prefix = engine::storage_prefix(base->table.storage_id);
  for (const auto& [suffix, keys] : written) {
    const std::optional<std::string> last = records.get(keys.last);
    const auto after = last ? engine::parse_change_record(*last) : std::nullopt;
    if (!after) throw ApiError::internal("change record lost during an export");
    std::optional<std::string> earlier;
    std::optional<std::string_view> before;
    if (!keys.before.empty()) {
      earlier = records.get(keys.before);
      const auto record = earlier ? engine::parse_change_record(*earlier) : std::nullopt;
      if (!record) throw ApiError::internal("change record lost during an export");
      before = record->stored;
    } else {
      earlier = snapshot->get(prefix + suffix);
      if (earlier) before = *earlier;
    }
    if (!before && !after->stored) continue;
    const auto stamped = engine::parse_stamped_key(keys.last);
    emit({before, after->stored, stamped ? engine::stamp_ms(stamped->stamp) * 1000 : 0});
  }
}

const RecoveryBase* ContinuousBackups::newest_base_at(uint64_t table_storage_id,
                                                      int64_t at_ms) const {
  const RecoveryBase* base = nullptr;
  if (auto it = bases_.find(table_storage_id); it != bases_.end()) {
    for (const RecoveryBase& b : it->second) {
      if (b.usable_from_ms <= at_ms) base = &b;
    }
  }
  return base;
}

void ContinuousBackups::for_each_item_at(
    const engine::TableInfo& source, int64_t at_ms, storage::KvStore& records,
    const std::function<void(std::string_view stored)>& emit) const {
  std::shared_lock lock(bases_mu_);
  const RecoveryBase* base = newest_base_at(source.storage_id, at_ms);
  if (!base) throw ApiError::invalid_restore_time();
  // The items changed since the base, each with its last record up to at_ms.
  std::map<std::string, std::string, std::less<>> changed;  // key suffix -> record key
  {
    const std::string lower = engine::change_record_key(source.storage_id, base->replay_from);
    const std::string upper =
        key_successor(engine::change_record_key(source.storage_id, engine::last_stamp_of(at_ms)));
    auto it = records.scan(lower, upper);
    for (it->seek_to_first(); it->valid(); it->next()) {
      const auto record = engine::parse_change_record(it->value());
      if (!record) throw ApiError::internal("corrupt change record");
      changed[std::string(record->key_suffix)] = std::string(it->key());
    }
  }
  auto emit_change = [&](const std::string& record_key) {
    const std::optional<std::string> value = records.get(record_key);
    const auto record = value ? engine::parse_change_record(*value) : std::nullopt;
    if (!record) throw ApiError::internal("change record lost during an export");
    if (record->stored) emit(*record->stored);
  };
  const std::unique_ptr<storage::KvStore> snapshot =
      engine_.store().open_snapshot(directory_of(*base));
  const std::string prefix = engine::storage_prefix(base->table.storage_id);
  const engine::KeyRange items = engine::prefix_range(prefix);
  auto next_change = changed.begin();
  auto it = snapshot->scan(items.lower, items.upper);
  for (it->seek_to_first(); it->valid(); it->next()) {
    const std::string_view suffix = it->key().substr(prefix.size());
    while (next_change != changed.end() && next_change->first < suffix) {
      emit_change(next_change->second);
      ++next_change;
    }
    if (next_change != changed.end() && next_change->first == suffix) {
      emit_change(next_change->second);
      ++next_change;
    } else {
      emit(it->value());
    }
  }
  for (; next_change != changed.end(); ++next_change) emit_change(next_change->second);
}

void ContinuousBackups::table_deleted(const engine::TableInfo& table) {
  drop_bases(table.storage_id);
}

void ContinuousBackups::run_pass() {
  const int64_t now = now_ms();
  backups_.remove_expired(now);
  std::lock_guard lock(update_mu_);
  for (const std::string& key : engine_.catalog().names()) {
    const engine::TablePtr t = engine_.catalog().find(key);
    if (!t || !t->recovery.enabled) continue;
    // A new base every interval, so that older ones (and their records) can go; and one as
    // soon as the table has a filled index its newest base lacks (a GSI added by
    // UpdateTable), so that restores to times from then on have it.
    int64_t newest = 0;
    bool lacks_an_index = false;
    {
      std::shared_lock shared(bases_mu_);
      if (auto it = bases_.find(t->storage_id); it != bases_.end() && !it->second.empty()) {
        const RecoveryBase& base = it->second.back();
        newest = base.usable_from_ms;
        for (const engine::IndexInfo& index : t->indexes) {
          if (!index.backfilling && indexes_in_both({index}, base.table).empty()) {
            lacks_an_index = true;
          }
        }
      }
    }
    if (now - newest >= settings_.base_interval.count() || lacks_an_index) take_base(key);
    // Trim what the window no longer needs.
    std::vector<RecoveryBase> dropped;
    uint64_t keep_records_from = 0;
    {
      std::unique_lock exclusive(bases_mu_);
      auto it = bases_.find(t->storage_id);
      if (it == bases_.end()) continue;
      std::vector<RecoveryBase>& bases = it->second;
      const size_t outside =
          bases_outside_window(bases, now - t->recovery.recovery_period_days * kMsPerDay);
      dropped.assign(std::make_move_iterator(bases.begin()),
                     std::make_move_iterator(bases.begin() + static_cast<ptrdiff_t>(outside)));
      bases.erase(bases.begin(), bases.begin() + static_cast<ptrdiff_t>(outside));
      if (!bases.empty()) keep_records_from = bases.front().replay_from;
    }
    for (const RecoveryBase& base : dropped) drop_base(base);
    if (keep_records_from > 0) {
      engine_.store().remove_range(engine::change_record_key(t->storage_id, 0),
                                   engine::change_record_key(t->storage_id, keep_records_from));
    }
  }
}

}  // namespace cairn::backup
