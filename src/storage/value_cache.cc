#include "storage/value_cache.h"

namespace cairn::storage {

namespace {

// Enough shards that two event loops rarely wait for each other, or see each other's
// writes spoil a read's offer (a version is per shard, not per key).
constexpr size_t kShards = 64;
// A rough cost of an entry besides its key and value: the map node, the hash bucket, the
// LRU node and the two strings' headers.
constexpr size_t kEntryOverhead = 128;

}  // namespace

ValueCache::ValueCache(size_t capacity_bytes) : shard_capacity_(capacity_bytes / kShards) {
  shards_.reserve(kShards);
  for (size_t i = 0; i < kShards; ++i) shards_.push_back(std::make_unique<Shard>());
}

ValueCache::Shard& ValueCache::shard_for(std::string_view key) {
  return *shards_[Hash()(key) % kShards];
}

// The key's entry, created empty if absent: the key is copied only then.
ValueCache::Map::iterator ValueCache::entry_for(Shard& shard, std::string_view key) {
  auto it = shard.entries.find(key);
  return it != shard.entries.end() ? it : shard.entries.try_emplace(std::string(key)).first;
}

size_t ValueCache::charge(std::string_view key, const Value& value) {
  return kEntryOverhead + key.size() + (value ? value->size() : 0);
}

std::optional<ValueCache::Value> ValueCache::lookup(std::string_view key, uint64_t& version) {
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  version = shard.version;
  if (range_removals_.load(std::memory_order_acquire) != 0) return std::nullopt;
  auto it = shard.entries.find(key);
  if (it == shard.entries.end() || !it->second.cached) return std::nullopt;
  Entry& entry = it->second;
  shard.lru.splice(shard.lru.begin(), shard.lru, entry.lru);
  return entry.value;
}

void ValueCache::offer(std::string_view key, uint64_t version, const Value& value) {
  if (shard_capacity_ == 0) return;
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  // A write began or ended since the lookup, or is still pending, or a range removal ran:
  // the value read may already be stale.
  if (shard.version != version || range_removals_.load(std::memory_order_acquire) != 0) return;
  auto it = entry_for(shard, key);
  if (it->second.writers > 0 || it->second.cached) return;
  cache(shard, it, value);
}

void ValueCache::begin_write(std::string_view key) {
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  ++shard.version;
  Entry& entry = entry_for(shard, key)->second;
  uncache(shard, entry);
  if (entry.writers > 0) entry.spoilt = true;
  ++entry.writers;
}

void ValueCache::end_write(std::string_view key, Value* committed) {
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  ++shard.version;
  auto it = shard.entries.find(key);
  if (it == shard.entries.end()) return;  // unmatched: nothing to undo
  Entry& entry = it->second;
  if (--entry.writers > 0) return;
  if (committed && !entry.spoilt && shard_capacity_ > 0 &&
      range_removals_.load(std::memory_order_acquire) == 0) {
    cache(shard, it, std::move(*committed));
  } else {
    shard.entries.erase(it);
  }
}

void ValueCache::begin_range_removal() {
  range_removals_.fetch_add(1, std::memory_order_acq_rel);
  forget_all();
}

void ValueCache::end_range_removal() {
  forget_all();
  range_removals_.fetch_sub(1, std::memory_order_acq_rel);
}

void ValueCache::forget_all() {
  for (auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    ++shard->version;
    for (auto it = shard->entries.begin(); it != shard->entries.end();) {
      Entry& entry = it->second;
      if (entry.writers > 0) {
        uncache(*shard, entry);
        entry.spoilt = true;
        ++it;
      } else {
        it = shard->entries.erase(it);
      }
    }
    shard->lru.clear();
    shard->bytes = 0;
  }
}

size_t ValueCache::entries() const {
  size_t n = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    n += shard->lru.size();
  }
  return n;
}

size_t ValueCache::bytes() const {
  size_t n = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    n += shard->bytes;
  }
  return n;
}

void ValueCache::cache(Shard& shard, Map::iterator it, Value value) {
  Entry& entry = it->second;
  entry.value = std::move(value);
  entry.cached = true;
  shard.lru.push_front(it->first);
  entry.lru = shard.lru.begin();
  shard.bytes += charge(it->first, entry.value);
  evict(shard);
}

void ValueCache::uncache(Shard& shard, Entry& entry) {
  if (!entry.cached) return;
  shard.bytes -= charge(*entry.lru, entry.value);
  shard.lru.erase(entry.lru);
  entry.value.reset();
  entry.cached = false;
}

void ValueCache::evict(Shard& shard) {
  while (shard.bytes > shard_capacity_ && !shard.lru.empty()) {
    auto it = shard.entries.find(shard.lru.back());
    uncache(shard, it->second);
    shard.entries.erase(it);
  }
}

}  // namespace cairn::storage
