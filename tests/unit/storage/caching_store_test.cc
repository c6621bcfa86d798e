#include "storage/caching_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "storage/rocksdb_store.h"

namespace cairn::storage {
namespace {

class CachingStoreTest : public ::testing::Test {
 protected:
  RocksDbStore below_{{"/caching-store-test", true, false}};
  CachingStore store_{below_, 1 << 20};
};

TEST_F(CachingStoreTest, ATransactionReadsItsOwnWritesOverTheCache) {
  store_.put("a", "1");
  EXPECT_EQ(store_.get("a"), "1");  // now cached
  auto txn = store_.begin();
  EXPECT_EQ(txn->get_for_update("a"), "1");
  txn->put("a", "2");
  EXPECT_EQ(txn->get("a"), "2");
  EXPECT_EQ(txn->get_for_update("a"), "2");
  EXPECT_EQ(store_.get("a"), "1");  // not committed yet
  txn->commit();
  EXPECT_EQ(store_.get("a"), "2");
}

TEST_F(CachingStoreTest, ACommitOfALockedKeyKeepsItsValue) {
  auto txn = store_.begin();
  EXPECT_EQ(txn->get_for_update("item"), std::nullopt);
  txn->put("item", "v1");
  txn->put_unlocked("index-entry", "e1");
  txn->commit();
  EXPECT_EQ(store_.cache().entries(), 1u);  // the item, not the unlocked entry
  EXPECT_EQ(store_.get("item"), "v1");
  EXPECT_EQ(below_.get("item"), "v1");
  EXPECT_EQ(store_.get("index-entry"), "e1");
}

TEST_F(CachingStoreTest, EveryKindOfWriteReplacesWhatWasCached) {
  for (const char* k : {"single", "txn", "unlocked", "range1", "range2"}) {
    store_.put(k, "old");
    EXPECT_EQ(store_.get(k), "old");
  }
  store_.put("single", "new");
  EXPECT_EQ(store_.get("single"), "new");
  store_.remove("single");
  EXPECT_EQ(store_.get("single"), std::nullopt);

  auto txn = store_.begin();
  txn->put("txn", "new");  // locks without reading
  txn->remove_unlocked("unlocked");
  txn->commit();
  EXPECT_EQ(store_.get("txn"), "new");
  EXPECT_EQ(store_.get("unlocked"), std::nullopt);

  store_.remove_range("range", "range~");
  EXPECT_EQ(store_.get("range1"), std::nullopt);
  EXPECT_EQ(store_.get("range2"), std::nullopt);
}

TEST_F(CachingStoreTest, ARolledBackTransactionLeavesTheCachedValue) {
  store_.put("a", "1");
  EXPECT_EQ(store_.get("a"), "1");
  auto txn = store_.begin();
  txn->get_for_update("a");
  txn->put("a", "2");
  txn->rollback();
  EXPECT_EQ(store_.get("a"), "1");
  auto next = store_.begin();
  EXPECT_EQ(next->get_for_update("a"), "1");  // the rolled-back lock is gone
}

// Read-modify-write counters under contention, with plain readers beside them: a cached
// value older than the latest commit would lose an increment or show a count going back.
TEST_F(CachingStoreTest, ConcurrentIncrementsAreNeitherLostNorSeenGoingBack) {
  constexpr int kKeys = 3;
  constexpr int kWriters = 4;
  constexpr int kIncrements = 300;
  for (int k = 0; k < kKeys; ++k) store_.put("counter" + std::to_string(k), "0");
  std::atomic<bool> done{false};
  std::atomic<int> went_back{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kIncrements; ++i) {
        const std::string key = "counter" + std::to_string((i + w) % kKeys);
        while (true) {
          try {
            auto txn = store_.begin();
            const int v = std::stoi(*txn->get_for_update(key));
            txn->put(key, std::to_string(v + 1));
            txn->commit();
            break;
          } catch (const ConflictError&) {
          }
        }
      }
    });
  }
  std::thread reader([&] {
    std::vector<int> last(kKeys, 0);
    while (!done) {
      for (int k = 0; k < kKeys; ++k) {
        const int v = std::stoi(*store_.get("counter" + std::to_string(k)));
        if (v < last[k]) ++went_back;
        last[k] = v;
      }
    }
  });
  for (auto& t : threads) t.join();
  done = true;
  reader.join();
  int total = 0;
  for (int k = 0; k < kKeys; ++k) {
    const std::string key = "counter" + std::to_string(k);
    EXPECT_EQ(store_.get(key), below_.get(key));
    total += std::stoi(*below_.get(key));
  }
  EXPECT_EQ(total, kWriters * kIncrements);
  EXPECT_EQ(went_back.load(), 0);
}

// Single-key writes racing on one key: whichever commits last, the cache ends agreeing
// with the store.
TEST_F(CachingStoreTest, RacingSingleKeyWritesLeaveTheLastCommittedValue) {
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 200; ++i) {
        if (i % 7 == 0) {
          store_.remove("k");
        } else {
          store_.put("k", std::to_string(w * 1000 + i));
        }
        store_.get("k");
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(store_.get("k"), below_.get("k"));
}

}  // namespace
}  // namespace cairn::storage
