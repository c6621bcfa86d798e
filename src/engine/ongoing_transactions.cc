#include "engine/ongoing_transactions.h"

namespace cairn::engine {

OngoingTransactions::Shard& OngoingTransactions::shard_of(std::string_view key) const {
  return shards_[StringHash{}(key) % kShards];
}

bool OngoingTransactions::insert(const std::string& key) {
  Shard& s = shard_of(key);
  std::lock_guard lock(s.mutex);
  if (!s.keys.insert(key).second) return false;
  held_.fetch_add(1, std::memory_order_release);
  return true;
}

void OngoingTransactions::erase(const std::string& key) {
  Shard& s = shard_of(key);
  std::lock_guard lock(s.mutex);
  if (s.keys.erase(key) != 0) held_.fetch_sub(1, std::memory_order_release);
}

std::optional<size_t> OngoingTransactions::claim(const std::vector<std::string>& keys) {
  for (size_t i = 0; i < keys.size(); ++i) {
    if (insert(keys[i])) continue;
    for (size_t j = 0; j < i; ++j) erase(keys[j]);
    return i;
  }
  return std::nullopt;
}

void OngoingTransactions::release(const std::vector<std::string>& keys) {
  for (const auto& k : keys) erase(k);
}

bool OngoingTransactions::holds(std::string_view key) const {
  if (held_.load(std::memory_order_acquire) == 0) return false;
  const Shard& s = shard_of(key);
  std::lock_guard lock(s.mutex);
  return s.keys.find(key) != s.keys.end();
}

}  // namespace cairn::engine
