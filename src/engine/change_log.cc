#include "engine/change_log.h"

#include <atomic>
#include <deque>

#include "engine/item_commit.h"
#include "engine/key_space.h"
#include "model/api_error.h"
#include "model/clock.h"
#include "model/item_codec.h"
#include "model/key_codec.h"
#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

constexpr char kPut = 'P';
constexpr char kRemove = 'D';
// The kind, then the key suffix's length.
constexpr size_t kHeaderBytes = 1 + 8;
// 'i' and the table's storage id: what every item key of a table starts with.
constexpr size_t kItemPrefixBytes = 1 + 8;
// Records replayed per storage commit.
constexpr size_t kReplayBatch = 256;

}  // namespace

uint64_t next_change_stamp() {
  static std::atomic<uint64_t> last{0};
  const uint64_t now = first_stamp_of(now_ms());
  uint64_t prev = last.load(std::memory_order_relaxed);
  uint64_t next;
  do {
    next = prev < now ? now : prev + 1;
  } while (!last.compare_exchange_weak(prev, next, std::memory_order_relaxed));
  return next;
}

std::pair<std::string, std::string> change_record(const TableInfo& table, std::string_view item_key,
                                                  std::optional<std::string_view> stored) {
  // value: 'P' or 'D', the key suffix's length (8 bytes, big-endian), the key suffix, and
  // for 'P' the item's stored form.
  const std::string_view suffix = item_key.substr(kItemPrefixBytes);
  std::string value;
  value.reserve(kHeaderBytes + suffix.size() + (stored ? stored->size() : 0));
  value.push_back(stored ? kPut : kRemove);
  append_big_endian64(value, suffix.size());
  value.append(suffix);
  if (stored) value.append(*stored);
  // The stamp is drawn under the item's lock, so one item's records order as its writes.
  return {change_record_key(table.storage_id, next_change_stamp()), std::move(value)};
}

void write_change_record(storage::KvTransaction& txn, const TableInfo& table,
                         std::string_view item_key, std::optional<std::string_view> stored) {
  const auto [key, value] = change_record(table, item_key, stored);
  txn.put_unlocked(key, value);
}

std::optional<ChangeRecord> parse_change_record(std::string_view value) {
  if (value.size() < kHeaderBytes || (value[0] != kPut && value[0] != kRemove)) {
    return std::nullopt;
  }
  const uint64_t length = read_big_endian64(value.substr(1));
  if (length > value.size() - kHeaderBytes) return std::nullopt;
  ChangeRecord record{value.substr(kHeaderBytes, length), std::nullopt};
  if (value[0] == kPut) record.stored = value.substr(kHeaderBytes + length);
  return record;
}

uint64_t replay_changes(storage::KvStore& from_store, const TableInfo& from, uint64_t first,
                        uint64_t last, storage::KvStore& to_store, const TableInfo& to,
                        ItemChangeWriter& changes) {
  const std::string lower = change_record_key(from.storage_id, first);
  const std::string upper = key_successor(change_record_key(from.storage_id, last));
  const std::string to_prefix = storage_prefix(to.storage_id);
  uint64_t replayed = 0;
  auto it = from_store.scan(lower, upper);
  it->seek_to_first();
  while (it->valid()) {
    // One batch: what a commit refers to lives until it has committed.
    std::deque<std::string> keys;
    std::deque<Item> items;
    std::deque<NewItem> written;
    ItemCommit commit(to_store, changes);
    for (size_t n = 0; n < kReplayBatch && it->valid(); ++n, it->next()) {
      const auto record = parse_change_record(it->value());
      if (!record) throw ApiError::internal("corrupt change record");
      const std::string& key = keys.emplace_back(to_prefix + std::string(record->key_suffix));
      const LockedItem before = commit.read_locked(key);
      const NewItem* after = nullptr;
      if (record->stored)
        after = &written.emplace_back(to, items.emplace_back(decode_item(*record->stored)));
      commit.write(to, before, after);
      ++replayed;
    }
    commit.commit();
  }
  return replayed;
}

}  // namespace cairn::engine
