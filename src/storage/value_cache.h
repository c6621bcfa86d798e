// A bounded cache of committed values for point reads: key -> value, or key -> known
// absent. It answers a read without searching RocksDB's memtables and files, which is most
// of a GetItem's or UpdateItem's storage cost (decision 0016).
//
// It never answers with a value older than the latest commit, under any interleaving of
// readers and writers:
// - A writer brackets its commit with begin_write / end_write. In between, the key is
//   pending: the cache drops its value, answers nothing for it and refuses to learn it.
// - A reader that missed remembers its shard's version, reads the committed state, and
//   keeps the result only if no write began or ended in that shard meanwhile (every
//   begin_write and end_write bumps the version).
// - end_write may leave the value just committed, if no other write of the key overlapped
//   this one: then every later commit of the key will begin after this end, and drop it.
//   (Of two overlapping writes, the one that ends last need not be the one that committed
//   last: neither is kept.)
// - A range removal makes every lookup miss while it runs, and forgets everything.
//
// Thread safety: every member may be called from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cairn::storage {

class ValueCache {
 public:
  using Value = std::optional<std::string>;  // nullopt: the key holds nothing

  // Keeps at most about `capacity_bytes` of keys, values and bookkeeping.
  explicit ValueCache(size_t capacity_bytes);

  // The committed value of `key`: from the cache, else from `load` (a read of the
  // committed state), whose result is kept for the next read when nothing overlapped it.
  template <class Load>
  Value read(std::string_view key, Load&& load) {
    uint64_t version = 0;
    if (auto hit = lookup(key, version)) return std::move(*hit);
    Value value = load();
    offer(key, version, value);
    return value;
  }

  // Brackets a commit that writes `key`. `committed`: the value the commit left, which the
  // cache may take (move from) when nothing overlapped; nullptr when the commit failed or
  // the value is not worth keeping.
  void begin_write(std::string_view key);
  void end_write(std::string_view key, Value* committed);

  // Brackets a removal of many keys at once (a dropped table's items).
  void begin_range_removal();
  void end_range_removal();

  // What is cached now: entries (values and known absences) and their charged bytes.
  size_t entries() const;
  size_t bytes() const;

 private:
  struct Entry {
    Value value;
    bool cached = false;  // value is the committed state
    bool spoilt = false;  // a range removal or another write overlapped a pending write
    int writers = 0;      // pending writes
    std::list<std::string_view>::iterator lru;  // valid while cached
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using Map = std::unordered_map<std::string, Entry, Hash, std::equal_to<>>;
  struct Shard {
    mutable std::mutex mutex;
    Map entries;
    std::list<std::string_view> lru;  // most recent first; keys of cached entries
    size_t bytes = 0;
    uint64_t version = 0;
  };

  // A hit's value; on a miss, the shard's version for offer().
  std::optional<Value> lookup(std::string_view key, uint64_t& version);
  void offer(std::string_view key, uint64_t version, const Value& value);
  Shard& shard_for(std::string_view key);
  Map::iterator entry_for(Shard& shard, std::string_view key);
  void cache(Shard& shard, Map::iterator it, Value value);
  void uncache(Shard& shard, Entry& entry);
  void evict(Shard& shard);
  // Drops every cached value and spoils pending writes' and reads' chance to cache theirs.
  void forget_all();
  static size_t charge(std::string_view key, const Value& value);

  size_t shard_capacity_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<int> range_removals_{0};
};

}  // namespace cairn::storage
