// The items that ongoing TransactWriteItems hold, so that whoever else wants one of them
// learns it at once instead of waiting for the item's lock, as DynamoDB answers:
//   - a single-item write (PutItem, UpdateItem, DeleteItem) of such an item fails with
//     TransactionConflictException;
//   - a transaction naming such an item is cancelled with the reason TransactionConflict.
// Single-item writes never mark anything here: two of them on one item still serialize on
// the item's lock, so a read-check-write racing another one waits and never fails.
//
// A transaction marks all its items before it takes their locks and unmarks them after its
// commit, all or nothing. Marking never waits, so no two transactions can wait on each
// other through this registry.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace cairn::engine {

class OngoingTransactions {
 public:
  // Marks every key (distinct storage keys) as held by one ongoing transaction, unless an
  // ongoing transaction already holds one of them: then nothing stays marked and the
  // result is the position in keys of the first one found held.
  std::optional<size_t> claim(const std::vector<std::string>& keys);
  // Unmarks keys that claim marked.
  void release(const std::vector<std::string>& keys);
  // Whether an ongoing transaction holds key.
  bool holds(std::string_view key) const;

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // Keys are spread over shards so that transactions on unrelated items rarely share a
  // mutex.
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_set<std::string, StringHash, std::equal_to<>> keys;
  };
  static constexpr size_t kShards = 32;

  Shard& shard_of(std::string_view key) const;
  bool insert(const std::string& key);
  void erase(const std::string& key);

  mutable std::array<Shard, kShards> shards_;
  // How many keys are marked: a single-item write skips the lookup while none are.
  std::atomic<size_t> held_{0};
};

// Holds a transaction's claim and releases it when it goes (after the commit, or on any
// error before it).
class TransactionClaim {
 public:
  TransactionClaim(OngoingTransactions& ongoing, const std::vector<std::string>& keys)
      : ongoing_(ongoing), keys_(keys) {}
  ~TransactionClaim() { ongoing_.release(keys_); }
  TransactionClaim(const TransactionClaim&) = delete;
  TransactionClaim& operator=(const TransactionClaim&) = delete;

 private:
  OngoingTransactions& ongoing_;
  const std::vector<std::string>& keys_;
};

}  // namespace cairn::engine
