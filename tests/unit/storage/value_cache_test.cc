#include "storage/value_cache.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace cairn::storage {
namespace {

using Value = ValueCache::Value;

// Reads through a cache, counting how often the committed state had to be read.
class ValueCacheTest : public ::testing::Test {
 protected:
  Value read(const std::string& key) {
    return cache_.read(key, [&] {
      ++loads_;
      return committed_[key];
    });
  }
  // A commit of `value` under the key's lock, as a transaction brackets it.
  void commit(const std::string& key, Value value, bool keep) {
    cache_.begin_write(key);
    committed_[key] = value;
    cache_.end_write(key, keep ? &value : nullptr);
  }

  ValueCache cache_{1 << 20};
  std::map<std::string, Value> committed_;
  int loads_ = 0;
};

TEST_F(ValueCacheTest, ASecondReadIsAnsweredWithoutLoading) {
  committed_["a"] = "1";
  EXPECT_EQ(read("a"), "1");
  EXPECT_EQ(read("a"), "1");
  EXPECT_EQ(loads_, 1);
}

TEST_F(ValueCacheTest, AbsenceIsCachedToo) {
  EXPECT_EQ(read("missing"), std::nullopt);
  EXPECT_EQ(read("missing"), std::nullopt);
  EXPECT_EQ(loads_, 1);
}

TEST_F(ValueCacheTest, AWriteForgetsTheOldValueUnlessItKeepsTheNewOne) {
  committed_["a"] = "1";
  read("a");
  commit("a", "2", false);
  EXPECT_EQ(read("a"), "2");
  EXPECT_EQ(loads_, 2);
  commit("a", "3", true);
  EXPECT_EQ(read("a"), "3");
  EXPECT_EQ(loads_, 2);
  commit("a", std::nullopt, true);
  EXPECT_EQ(read("a"), std::nullopt);
  EXPECT_EQ(loads_, 2);
}

TEST_F(ValueCacheTest, APendingWriteIsNeverAnsweredNorLearnt) {
  committed_["a"] = "1";
  read("a");
  cache_.begin_write("a");
  committed_["a"] = "2";  // committed, end_write not yet called
  EXPECT_EQ(read("a"), "2");
  EXPECT_EQ(read("a"), "2");
  EXPECT_EQ(loads_, 3);
  cache_.end_write("a", nullptr);
  read("a");
  read("a");
  EXPECT_EQ(loads_, 4);
}

TEST_F(ValueCacheTest, AReadOverlappingACommitKeepsNothing) {
  committed_["a"] = "1";
  // The load sees the old value; a commit of the key runs to its end meanwhile.
  Value seen = cache_.read("a", [&] {
    Value before = committed_["a"];
    commit("a", "2", false);
    return before;
  });
  EXPECT_EQ(seen, "1");
  EXPECT_EQ(read("a"), "2");  // the stale "1" was not kept
  EXPECT_EQ(loads_, 1);
}

TEST_F(ValueCacheTest, AReadStartedDuringAPendingWriteKeepsNothingAfterIt) {
  committed_["a"] = "1";
  cache_.begin_write("a");
  Value seen = cache_.read("a", [&] {
    Value before = committed_["a"];
    committed_["a"] = "2";
    cache_.end_write("a", nullptr);
    return before;
  });
  EXPECT_EQ(seen, "1");
  EXPECT_EQ(read("a"), "2");
}

// The write that ends last need not be the one that committed last: neither is kept.
TEST_F(ValueCacheTest, OverlappingWritesKeepNeitherValue) {
  cache_.begin_write("a");
  cache_.begin_write("a");
  Value first = "1";
  Value second = "2";
  committed_["a"] = second;
  cache_.end_write("a", &second);
  EXPECT_EQ(read("a"), "2");
  cache_.end_write("a", &first);
  EXPECT_EQ(read("a"), "2");
  EXPECT_EQ(read("a"), "2");
  EXPECT_EQ(loads_, 2);  // the last read is answered from the cache
}

TEST_F(ValueCacheTest, ARangeRemovalForgetsEverythingAndSpoilsPendingWrites) {
  committed_["a"] = "1";
  committed_["b"] = "1";
  read("a");
  cache_.begin_write("b");
  cache_.begin_range_removal();
  committed_.clear();
  EXPECT_EQ(read("a"), std::nullopt);  // answered from the store while it runs
  cache_.end_range_removal();
  Value written = "2";
  cache_.end_write("b", &written);  // committed before the removal: must not be kept
  EXPECT_EQ(read("a"), std::nullopt);
  EXPECT_EQ(read("b"), std::nullopt);
  EXPECT_EQ(loads_, 4);
}

TEST_F(ValueCacheTest, EvictsTheLeastRecentlyUsedBeyondItsCapacity) {
  ValueCache small(64 * 1024);  // about a kilobyte per shard
  for (int i = 0; i < 2000; ++i) {
    small.read("key" + std::to_string(i), [] { return Value(std::string(200, 'v')); });
  }
  EXPECT_LE(small.bytes(), 64u * 1024);
  EXPECT_GT(small.entries(), 0u);
  EXPECT_LT(small.entries(), 2000u);
}

TEST_F(ValueCacheTest, ZeroCapacityKeepsNothing) {
  ValueCache none(0);
  int loads = 0;
  for (int i = 0; i < 3; ++i) {
    none.read("a", [&] {
      ++loads;
      return Value("1");
    });
  }
  Value v = "2";
  none.begin_write("a");
  none.end_write("a", &v);
  EXPECT_EQ(loads, 3);
  EXPECT_EQ(none.entries(), 0u);
}

}  // namespace
}  // namespace cairn::storage
