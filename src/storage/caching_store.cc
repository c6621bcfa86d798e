#include "storage/caching_store.h"

#include <span>
#include <utility>
#include <vector>

namespace cairn::storage {

namespace {

struct Write {
  std::string key;
  ValueCache::Value value;
  bool keep;  // offer value to the cache after the commit
};

// Runs `commit` with every written key pending on the cache; then offers the values to
// keep, or, if the commit failed, nothing. Transactions and single-key writes alike.
template <class Commit>
void commit_writes(ValueCache& cache, std::span<Write> writes, Commit&& commit) {
  for (const Write& write : writes) cache.begin_write(write.key);
  try {
    commit();
  } catch (...) {
    for (const Write& write : writes) cache.end_write(write.key, nullptr);
    throw;
  }
  for (Write& write : writes) cache.end_write(write.key, write.keep ? &write.value : nullptr);
}

// A transaction of the store below whose reads of keys it has not written come from the
// cache. Its writes are remembered so that its commit can bracket them on the cache.
class CachingTransaction : public KvTransaction {
 public:
  CachingTransaction(std::unique_ptr<KvTransaction> below, ValueCache& cache)
      : below_(std::move(below)), cache_(cache) {}

  std::optional<std::string> get(std::string_view key) override {
    if (find(key)) return below_->get(key);  // read your own write
    return cache_.read(key, [&] { return below_->get(key); });
  }
  std::optional<std::string> get_for_update(std::string_view key) override {
    if (find(key)) return below_->get_for_update(key);
    below_->lock(key);
    return cache_.read(key, [&] { return below_->get(key); });
  }
  void lock(std::string_view key) override { below_->lock(key); }
  // What put and remove leave is kept for the next read (the cache keeps it only if no
  // other write of the key overlapped this commit). An unlocked write is an index entry,
  // read by scans, not by key: it is only forgotten, and its value not even copied.
  void put(std::string_view key, std::string_view value) override {
    below_->put(key, value);
    record(key, std::string(value), true);
  }
  void remove(std::string_view key) override {
    below_->remove(key);
    record(key, std::nullopt, true);
  }
  void put_unlocked(std::string_view key, std::string_view value) override {
    below_->put_unlocked(key, value);
    record(key, std::nullopt, false);
  }
  void remove_unlocked(std::string_view key) override {
    below_->remove_unlocked(key);
    record(key, std::nullopt, false);
  }
  void commit() override {
    commit_writes(cache_, writes_, [&] { below_->commit(); });
  }
  void rollback() override { below_->rollback(); }

 private:
  Write* find(std::string_view key) {
    for (Write& write : writes_) {
      if (write.key == key) return &write;
    }
    return nullptr;
  }
  void record(std::string_view key, ValueCache::Value value, bool keep) {
    if (Write* write = find(key)) {
      write->value = std::move(value);
      write->keep = keep;
      return;
    }
    writes_.push_back({std::string(key), std::move(value), keep});
  }

  std::unique_ptr<KvTransaction> below_;
  ValueCache& cache_;
  // Few keys per transaction (an item, its index entries, a stream record): a vector
  // searched linearly beats a map here.
  std::vector<Write> writes_;
};

}  // namespace

CachingStore::CachingStore(KvStore& below, size_t capacity_bytes)
    : below_(below), cache_(capacity_bytes) {}

std::unique_ptr<KvTransaction> CachingStore::begin() {
  return std::make_unique<CachingTransaction>(below_.begin(), cache_);
}

std::optional<std::string> CachingStore::get(std::string_view key) {
  return cache_.read(key, [&] { return below_.get(key); });
}

void CachingStore::put(std::string_view key, std::string_view value) {
  Write write{std::string(key), std::string(value), true};
  commit_writes(cache_, {&write, 1}, [&] { below_.put(key, value); });
}

void CachingStore::remove(std::string_view key) {
  Write write{std::string(key), std::nullopt, true};
  commit_writes(cache_, {&write, 1}, [&] { below_.remove(key); });
}

void CachingStore::write_alone(std::string_view key, std::optional<std::string_view> value,
                               const std::function<std::pair<std::string, std::string>()>& record) {
  // The record's key is never cached (never read through the cache by key).
  Write write{std::string(key),
              value ? std::optional<std::string>(std::string(*value)) : std::nullopt, true};
  commit_writes(cache_, {&write, 1}, [&] { below_.write_alone(key, value, record); });
}

std::unique_ptr<KvIterator> CachingStore::scan(std::string_view lower, std::string_view upper) {
  return below_.scan(lower, upper);
}

std::unique_ptr<KvSnapshot> CachingStore::snapshot() {
  return below_.snapshot();
}

void CachingStore::remove_range(std::string_view lower, std::string_view upper) {
  cache_.begin_range_removal();
  try {
    below_.remove_range(lower, upper);
  } catch (...) {
    cache_.end_range_removal();
    throw;
  }
  cache_.end_range_removal();
}

void CachingStore::make_durable() {
  below_.make_durable();
}

}  // namespace cairn::storage
