#include "engine/change_log.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "engine/key_space.h"
#include "model/clock.h"
#include "storage/rocksdb_store.h"
#include "support/engine_parts.h"

namespace cairn::engine {
namespace {

TEST(ChangeStampTest, StampsStrictlyIncreaseAcrossThreadsAndCarryTheirMs) {
  const int64_t before = now_ms();
  std::vector<std::vector<uint64_t>> drawn(4);
  std::vector<std::thread> threads;
  for (auto& mine : drawn) {
    threads.emplace_back([&mine] {
      for (int i = 0; i < 20000; ++i) mine.push_back(next_change_stamp());
    });
  }
  for (auto& t : threads) t.join();
  std::set<uint64_t> all;
  for (const auto& mine : drawn) {
    for (size_t i = 1; i < mine.size(); ++i) ASSERT_LT(mine[i - 1], mine[i]);
    all.insert(mine.begin(), mine.end());
  }
  EXPECT_EQ(all.size(), 4u * 20000u);  // no stamp drawn twice
  EXPECT_GE(stamp_ms(*all.begin()), before);
  EXPECT_EQ(stamp_ms(first_stamp_of(1234)), 1234);
  EXPECT_EQ(stamp_ms(last_stamp_of(1234)), 1234);
  EXPECT_LT(last_stamp_of(1234), first_stamp_of(1235));
}

TEST(ChangeRecordTest, MalformedRecordsAreRefused) {
  EXPECT_FALSE(parse_change_record(""));
  EXPECT_FALSE(parse_change_record(std::string("X\0\0\0\0\0\0\0\0", 9)));
  // A key suffix longer than the record.
  EXPECT_FALSE(parse_change_record(std::string("P\0\0\0\0\0\0\0\x09short", 14)));
  EXPECT_FALSE(parse_change_record(std::string("P\xff\xff\xff\xff\xff\xff\xff\xffshort", 14)));
  const std::string removed("D\0\0\0\0\0\0\0\x03key", 12);  // the record's views point into it
  const auto removal = parse_change_record(removed);
  ASSERT_TRUE(removal);
  EXPECT_EQ(removal->key_suffix, "key");
  EXPECT_FALSE(removal->stored);
}

class ChangeLogTest : public ::testing::Test {
 protected:
  ChangeLogTest() {
    from_.name = "from";
    from_.storage_id = 7;
    from_.hash_key = {"pk", AttrType::S};
    from_.recovery.enabled = true;
    to_ = from_;
    to_.name = "to";
    to_.storage_id = 8;
    to_.recovery = {};
  }

  static Item item(const std::string& pk, const std::string& v) {
    Item i;
    i["pk"] = AttributeValue::string(pk);
    i["v"] = AttributeValue::string(v);
    return i;
  }
  static Item key(const std::string& pk) {
    Item k;
    k["pk"] = AttributeValue::string(pk);
    return k;
  }
  size_t records() {
    const KeyRange range = change_record_range(from_.storage_id);
    auto it = parts_.store.scan(range.lower, range.upper);
    size_t n = 0;
    for (it->seek_to_first(); it->valid(); it->next()) ++n;
    return n;
  }

  testing_support::EngineParts parts_;
  TableInfo from_;
  TableInfo to_;
};

TEST_F(ChangeLogTest, EveryWriteOfATableWithRecoveryIsRecordedBlindOrNot) {
  parts_.items.put(from_, item("a", "1"), false);  // blind: nothing read
  parts_.items.put(from_, item("b", "1"), true);   // the old item returned
  parts_.items.remove(from_, key("a"), false);
  EXPECT_EQ(records(), 3u);
  TableInfo plain = from_;
  plain.recovery = {};
  parts_.items.put(plain, item("c", "1"), false);
  EXPECT_EQ(records(), 3u);
}

TEST_F(ChangeLogTest, ReplayUpToAStampGivesTheTableAsItWasThen) {
  parts_.items.put(from_, item("a", "1"), false);
  parts_.items.put(from_, item("b", "1"), false);
  const uint64_t middle = next_change_stamp();
  parts_.items.put(from_, item("a", "2"), false);
  parts_.items.remove(from_, key("b"), false);
  parts_.items.put(from_, item("c", "1"), false);

  EXPECT_EQ(replay_changes(parts_.store, from_, 0, middle, parts_.store, to_, parts_.changes), 2u);
  EXPECT_EQ(parts_.items.get(to_, key("a")), item("a", "1"));
  EXPECT_EQ(parts_.items.get(to_, key("b")), item("b", "1"));
  EXPECT_FALSE(parts_.items.get(to_, key("c")));

  // The rest, replayed onto that: the table as it is now.
  EXPECT_EQ(
      replay_changes(parts_.store, from_, middle, ~uint64_t{0}, parts_.store, to_, parts_.changes),
      3u);
  EXPECT_EQ(parts_.items.get(to_, key("a")), item("a", "2"));
  EXPECT_FALSE(parts_.items.get(to_, key("b")));
  EXPECT_EQ(parts_.items.get(to_, key("c")), item("c", "1"));
}

TEST_F(ChangeLogTest, ReplayBatchesManyRecordsAndKeepsTheLastWriteOfEachItem) {
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 300; ++i) {
      parts_.items.put(from_, item("k" + std::to_string(i), std::to_string(round)), false);
    }
  }
  EXPECT_EQ(replay_changes(parts_.store, from_, 0, ~uint64_t{0}, parts_.store, to_, parts_.changes),
            900u);
  for (int i = 0; i < 300; i += 37) {
    EXPECT_EQ(parts_.items.get(to_, key("k" + std::to_string(i))),
              item("k" + std::to_string(i), "2"));
  }
}

}  // namespace
}  // namespace cairn::engine
