#include "engine/ttl_expirer.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "engine/expiry_index.h"
#include "engine/key_space.h"
#include "model/api_error.h"
#include "model/clock.h"
#include "model/item_codec.h"
#include "model/key_codec.h"
#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

// Items per table iterator while syncing, and entries per iterator while expiring: a
// fresh iterator now and then keeps a long walk from pinning one old view of the store.
constexpr size_t kKeysPerIterator = 1000;
// How often (in items) a sync checks that the setting it syncs is still the table's.
constexpr size_t kItemsPerLivenessCheck = 64;

// DynamoDB's checks of an UpdateTimeToLive against the table's current setting. The
// attribute must be named to disable TTL, and be the one TTL is enabled on.
void check_change(const TimeToLive& current, const std::string& attribute, bool enabled) {
  if (enabled && current.enabled && current.attribute == attribute) {
    throw ApiError::validation("TimeToLive is already enabled");
  }
  if (!enabled && !current.enabled) {
    throw ApiError::validation("TimeToLive is already disabled");
  }
  if (current.enabled && current.attribute != attribute) {
    throw ApiError::validation(
        "TimeToLive is active on a different AttributeName: current AttributeName is " +
        current.attribute);
  }
}

}  // namespace

TtlExpirer::TtlExpirer(storage::KvStore& store, Catalog& catalog, ItemStore& items, bool background)
    : store_(store),
      catalog_(catalog),
      items_(items),
      worker_("time to live pass", [this] { return pass(); }) {
  if (background) worker_.start({.period = std::chrono::milliseconds(1000)});
}

TtlExpirer::~TtlExpirer() = default;

TablePtr TtlExpirer::update(std::string_view table_name, const std::string& attribute,
                            bool enabled) {
  auto table = catalog_.update(table_name, [&](TableInfo& t) {
    check_change(t.ttl, attribute, enabled);
    t.ttl.attribute = attribute;
    t.ttl.enabled = enabled;
    // Strictly increasing, so that a sync can tell two changes apart.
    t.ttl.updated_ms = std::max(now_ms(), t.ttl.updated_ms + 1);
    // Marked before the setting is persisted: a crash in between leaves a mark on a table
    // whose entries are already in line, which costs one needless sync.
    store_.put(expiry_sync_key(t.storage_id), std::to_string(t.ttl.updated_ms));
  });
  worker_.wake();
  return table;
}

void TtlExpirer::set_interval(std::chrono::milliseconds interval) {
  worker_.set_period(interval);
}

BackgroundWorker::PassOutcome TtlExpirer::pass() {
  if (sync_pending()) expire_due(now_ms());
  return BackgroundWorker::PassOutcome::kDone;
}

TablePtr TtlExpirer::table_by_storage_id(uint64_t table_storage_id) const {
  for (const auto& name : catalog_.names()) {
    auto table = catalog_.find(name);
    if (table && table->storage_id == table_storage_id) return table;
  }
  return nullptr;
}

bool TtlExpirer::sync_pending() {
  std::vector<uint64_t> marked;
  {
    const KeyRange marks = expiry_sync_range();
    auto it = store_.scan(marks.lower, marks.upper);
    for (it->seek_to_first(); it->valid(); it->next()) {
      if (auto id = parse_expiry_sync_key(it->key())) marked.push_back(*id);
    }
  }
  for (uint64_t id : marked) {
    if (sync(id) == Outcome::kStopped) return false;
  }
  return true;
}

TtlExpirer::Outcome TtlExpirer::sync(uint64_t table_storage_id) {
  // Until no request holds metadata from before the change: such a request may still write
  // an item without moving its entry.
  while (catalog_.superseded_snapshots_held(table_storage_id)) {
    if (worker_.pause(std::chrono::milliseconds(1))) return Outcome::kStopped;
  }
  TablePtr table = table_by_storage_id(table_storage_id);
  if (!table) {
    // Dropped: the catalogue removed its entries; remove anything left, and the mark.
    for (const KeyRange& range : expiry_ranges(table_storage_id)) {
      store_.remove_range(range.lower, range.upper);
    }
    return Outcome::kDone;
  }
  const std::string name = table->name;
  const TimeToLive setting = table->ttl;
  const KeyRange entries = prefix_range(expiry_prefix(table_storage_id));
  store_.remove_range(entries.lower, entries.upper);
  if (setting.enabled) {
    const KeyRange items = prefix_range(storage_prefix(table_storage_id));
    const std::string& lower = items.lower;
    const std::string& upper = items.upper;
    std::optional<std::string> last;  // the last key done
    size_t done = 0;
    for (bool more = true; more;) {
      auto it = store_.scan(lower, upper);
      if (last) {
        it->seek(key_successor(*last));
      } else {
        it->seek_to_first();
      }
      size_t in_this_iterator = 0;
      for (; it->valid() && in_this_iterator < kKeysPerIterator; it->next(), ++in_this_iterator) {
        if (done++ % kItemsPerLivenessCheck == 0) {
          if (worker_.stopping()) return Outcome::kStopped;
          table = catalog_.find(name);
          // Changed again (or dropped): the newer change's sync starts over.
          if (!table || table->storage_id != table_storage_id ||
              table->ttl.updated_ms != setting.updated_ms) {
            return Outcome::kRetry;
          }
        }
        last = std::string(it->key());
        if (!sync_item(*table, *last)) return Outcome::kStopped;
      }
      more = it->valid();
    }
  }
  table.reset();
  // In line: unmark, unless the setting changed meanwhile. Checked under the catalogue's
  // DDL lock, so no change can be between being marked and being published.
  catalog_.update_if(name, [&](TableInfo& t) {
    if (t.storage_id == table_storage_id && t.ttl.updated_ms == setting.updated_ms) {
      store_.remove(expiry_sync_key(table_storage_id));
    }
    return false;  // publishes nothing
  });
  return Outcome::kDone;
}

bool TtlExpirer::sync_item(const TableInfo& table, const std::string& key) {
  return worker_.retry_conflicts([&] {
    auto txn = store_.begin();
    if (auto value = txn->get_for_update(key)) {
      if (auto entry = item_expiry_entry(table, decode_item(*value))) txn->put(*entry, "");
    }
    txn->commit();
  });
}

size_t TtlExpirer::expire_due(int64_t now) {
  size_t expired = 0;
  for (const auto& name : catalog_.names()) {
    if (worker_.stopping()) break;
    auto table = catalog_.find(name);
    if (table && table->ttl.enabled) expired += expire_table(*table, now);
  }
  return expired;
}

size_t TtlExpirer::expire_table(const TableInfo& table, int64_t now) {
  // Entries of the seconds from five years ago to now; an entry of the current second may
  // not have expired yet (a fractional expiry time), and is kept.
  const int64_t oldest = std::max<int64_t>(0, (now - kExpiryHorizonMs) / 1000);
  std::string lower = expiry_entry_key(table.storage_id, oldest, "");
  const std::string upper = expiry_entry_key(table.storage_id, now / 1000 + 1, "");
  size_t expired = 0;
  for (bool more = true; more;) {
    // Collected first, then deleted: the deletions remove the entries being walked.
    std::vector<std::string> entries;
    {
      auto it = store_.scan(lower, upper);
      for (it->seek_to_first(); it->valid() && entries.size() < kKeysPerIterator; it->next()) {
        entries.emplace_back(it->key());
      }
      more = it->valid();
    }
    for (const auto& entry : entries) {
      if (worker_.stopping()) return expired;
      auto parsed = parse_expiry_entry(entry);
      if (!parsed) continue;
      try {
        if (items_.expire(table, parsed->item_key, entry, now)) ++expired;
      } catch (const storage::ConflictError&) {
        // The item is locked by a writer: the next pass sees what it wrote.
      }
    }
    if (!entries.empty()) lower = key_successor(entries.back());
  }
  return expired;
}

}  // namespace cairn::engine
