// A KvStore in front of another that answers point reads from a ValueCache (decision
// 0016). Reads by key (a store's get, a transaction's get and get_for_update) go through
// the cache; iterators and snapshots read the store below, which stays the only source of
// truth. Every write is bracketed on the cache around its commit, so the cache never
// answers with a value a commit has replaced.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "storage/kv_store.h"
#include "storage/value_cache.h"

namespace cairn::storage {

class CachingStore : public KvStore {
 public:
  // `below` must outlive this store, and be written only through it.
  CachingStore(KvStore& below, size_t capacity_bytes);

  std::unique_ptr<KvTransaction> begin() override;
  std::optional<std::string> get(std::string_view key) override;
  void put(std::string_view key, std::string_view value) override;
  void remove(std::string_view key) override;
  void write_alone(std::string_view key, std::optional<std::string_view> value,
                   const std::function<std::pair<std::string, std::string>()>& record) override;
  std::unique_ptr<KvIterator> scan(std::string_view lower, std::string_view upper) override;
  std::unique_ptr<KvSnapshot> snapshot() override;
  void remove_range(std::string_view lower, std::string_view upper) override;
  void make_durable() override;
  void write_snapshot(const std::string& dir) override { below_.write_snapshot(dir); }
  std::unique_ptr<KvStore> open_snapshot(const std::string& dir) override {
    return below_.open_snapshot(dir);
  }
  void remove_snapshot(const std::string& dir) override { below_.remove_snapshot(dir); }

  const ValueCache& cache() const { return cache_; }

 private:
  KvStore& below_;
  ValueCache cache_;
};

}  // namespace cairn::storage
