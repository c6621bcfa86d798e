#include "storage/rocksdb_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace cairn::storage {
namespace {

RocksDbOptions in_memory() {
  return {"/unit-test-db", true, false};
}

// The bytes of the database's write-ahead logs on disk, as the operating system has them.
uintmax_t log_bytes(const std::filesystem::path& dir) {
  uintmax_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".log") total += entry.file_size();
  }
  return total;
}

TEST(RocksDbStore, CommitsReachTheLogFileOnlyWhenMadeDurable) {
  char pattern[] = "/tmp/cairn-durable-XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  const std::filesystem::path dir = pattern;
  {
    RocksDbStore store({dir.string(), false, false});
    const uintmax_t before = log_bytes(dir);
    store.put("single", std::string(1000, 'x'));
    auto txn = store.begin();
    txn->put("transaction", std::string(1000, 'y'));
    txn->commit();
    // Committed and readable, but the log write is still gathering more commits.
    EXPECT_EQ(store.get("single"), std::string(1000, 'x'));
    EXPECT_EQ(log_bytes(dir), before);
    store.make_durable();
    EXPECT_GE(log_bytes(dir), before + 2000);
    const uintmax_t durable = log_bytes(dir);
    store.make_durable();  // nothing new: nothing written
    EXPECT_EQ(log_bytes(dir), durable);
  }
  std::filesystem::remove_all(dir);
}

TEST(RocksDbStore, TransactionsReadTheirOwnWritesAndCommitAtomically) {
  RocksDbStore store(in_memory());
  auto txn = store.begin();
  txn->put("a", "1");
  txn->put("b", "2");
  EXPECT_EQ(txn->get("a"), "1");
  EXPECT_FALSE(store.get("a").has_value());  // not visible before commit
  txn->commit();
  EXPECT_EQ(store.get("a"), "1");
  EXPECT_EQ(store.get("b"), "2");
}

TEST(RocksDbStore, RollbackDiscardsWrites) {
  RocksDbStore store(in_memory());
  auto txn = store.begin();
  txn->put("a", "1");
  txn->rollback();
  EXPECT_FALSE(store.get("a").has_value());
}

TEST(RocksDbStore, ScanIsOrderedAndBounded) {
  RocksDbStore store(in_memory());
  for (const char* k : {"a", "b1", "b2", "b3", "c"}) store.put(k, k);
  auto it = store.scan("b", "c");
  std::vector<std::string> keys;
  for (it->seek_to_first(); it->valid(); it->next()) keys.emplace_back(it->key());
  EXPECT_EQ(keys, (std::vector<std::string>{"b1", "b2", "b3"}));
  it->seek_to_last();
  ASSERT_TRUE(it->valid());
  EXPECT_EQ(it->key(), "b3");
}

TEST(RocksDbStore, RemoveRangeDropsOnlyTheRange) {
  RocksDbStore store(in_memory());
  for (const char* k : {"a", "b1", "b2", "c"}) store.put(k, k);
  store.remove_range("b", "c");
  EXPECT_TRUE(store.get("a").has_value());
  EXPECT_FALSE(store.get("b1").has_value());
  EXPECT_TRUE(store.get("c").has_value());
}

TEST(RocksDbStore, GetForUpdateSerialisesReadModifyWrite) {
  RocksDbStore store(in_memory());
  store.put("counter", "0");
  std::vector<std::thread> threads;
  std::atomic<int> conflicts{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        while (true) {
          try {
            auto txn = store.begin();
            int v = std::stoi(*txn->get_for_update("counter"));
            txn->put("counter", std::to_string(v + 1));
            txn->commit();
            break;
          } catch (const ConflictError&) {
            ++conflicts;
          }
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(store.get("counter"), "400");
}

TEST(RocksDbStore, UnlockedWritesCommitAndRollBackWithTheTransaction) {
  RocksDbStore store(in_memory());
  store.put("entry-old", "x");
  {
    auto txn = store.begin();
    txn->get_for_update("item");
    txn->put("item", "1");
    txn->remove_unlocked("entry-old");
    txn->put_unlocked("entry-new", "1");
    EXPECT_EQ(txn->get("entry-new"), "1");  // read back like any write
    EXPECT_FALSE(txn->get("entry-old").has_value());
    EXPECT_FALSE(store.get("entry-new").has_value());  // not visible before commit
    txn->rollback();
  }
  EXPECT_TRUE(store.get("entry-old").has_value());
  EXPECT_FALSE(store.get("entry-new").has_value());
  auto txn = store.begin();
  txn->get_for_update("item");
  txn->remove_unlocked("entry-old");
  txn->put_unlocked("entry-new", "1");
  // The derived key takes no lock: another transaction may lock it (index maintenance never
  // does; the owning item's lock is what serializes its writers).
  auto other = store.begin();
  EXPECT_FALSE(other->get_for_update("entry-new").has_value());
  other->rollback();
  txn->commit();
  EXPECT_FALSE(store.get("entry-old").has_value());
  EXPECT_EQ(store.get("entry-new"), "1");
}

// Transactions are reused from a pool: each must start with nothing of the one before it
// (writes, locks, the write batch's index), whichever way that one ended.
TEST(RocksDbStore, AReusedTransactionStartsClean) {
  RocksDbStore store(in_memory());
  for (int round = 0; round < 3; ++round) {
    {
      auto rolled_back = store.begin();
      rolled_back->get_for_update("k");
      rolled_back->put("k", "rolled back");
      rolled_back->rollback();
    }
    {
      auto dropped = store.begin();  // neither committed nor rolled back
      dropped->get_for_update("k");
      dropped->put("k", "dropped");
    }
    auto txn = store.begin();
    EXPECT_FALSE(txn->get("k").has_value());
    EXPECT_FALSE(txn->get_for_update("k").has_value());  // the key's lock was released
    txn->put("other", std::to_string(round));
    txn->commit();
    EXPECT_FALSE(store.get("k").has_value());
    EXPECT_EQ(store.get("other"), std::to_string(round));
  }
  // Single-key writes run on pooled transactions too, and wait for a held lock.
  store.put("k", "1");
  store.remove("other");
  EXPECT_EQ(store.get("k"), "1");
  EXPECT_FALSE(store.get("other").has_value());
  auto holder = store.begin();
  holder->get_for_update("k");
  std::atomic<bool> written{false};
  std::thread writer([&] {
    store.put("k", "2");
    written = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(written.load());
  holder->commit();
  writer.join();
  EXPECT_EQ(store.get("k"), "2");
}

}  // namespace
}  // namespace cairn::storage
