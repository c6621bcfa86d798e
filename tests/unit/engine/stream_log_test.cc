#include "engine/stream_log.h"

#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <vector>

#include "model/key_codec.h"
#include "storage/rocksdb_store.h"

namespace cairn::engine {
namespace {

constexpr uint64_t kNoEnd = std::numeric_limits<uint64_t>::max();
constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kStart = 1'800'000'000'000;  // the stream's creation time

class StreamLogTest : public ::testing::Test {
 protected:
  StreamLogTest() : store_({"/stream-log-test", true, false}) {
    table_.name = "t";
    table_.storage_id = 1;
    table_.arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t";
    table_.hash_key = {"p", AttrType::S};
    TableStream stream;
    stream.stream_id = 7;
    stream.label = "2027-01-15T08:00:00.000";
    stream.view_type = StreamViewType::kKeysOnly;
    stream.enabled = true;
    stream.created_ms = kStart;
    table_.stream = stream;
  }

  std::shared_ptr<StreamLog> create(StreamSettings settings = {}) {
    settings_ = settings;
    return StreamLog::create(store_, table_, settings_);
  }

  static StreamRecord record(const std::string& p, int64_t created_ms) {
    StreamRecord r;
    r.event = StreamEventName::kInsert;
    r.created_ms = created_ms;
    r.keys["p"] = AttributeValue::string(p);
    return r;
  }

  // Appends a record for p in its own committed transaction; returns its sequence number.
  uint64_t append_committed(StreamLog& log, const std::string& p, int64_t created_ms = kStart) {
    auto txn = store_.begin();
    StreamRecord r = record(p, created_ms);
    StreamLog::Ticket ticket = log.append(*txn, r);
    txn->commit();
    return r.sequence;
  }

  static std::vector<std::string> keys_of(const StreamLog::Page& page) {
    std::vector<std::string> out;
    for (const auto& r : page.records) out.push_back(r.keys.at("p").scalar);
    return out;
  }

  storage::RocksDbStore store_;
  StreamSettings settings_;
  TableInfo table_;
};

TEST_F(StreamLogTest, ANewStreamHasOneOpenShardStartingAtOne) {
  auto log = create();
  const StreamDescriptor d = log->descriptor();
  EXPECT_EQ(d.arn, table_.stream_arn());
  EXPECT_TRUE(d.enabled());
  ASSERT_EQ(d.shards.size(), 1u);
  EXPECT_EQ(d.shards[0].first_sequence, 1u);
  EXPECT_FALSE(d.shards[0].last_sequence);
  EXPECT_TRUE(d.shards[0].parent_id.empty());
  EXPECT_EQ(d.shards[0].id.rfind("shardId-", 0), 0u);
}

TEST_F(StreamLogTest, RecordsAreReadInSequenceOrder) {
  auto log = create();
  EXPECT_EQ(append_committed(*log, "a"), 1u);
  EXPECT_EQ(append_committed(*log, "b"), 2u);
  EXPECT_EQ(append_committed(*log, "c"), 3u);
  auto page = log->read(1, kNoEnd, 1000, 1 << 20);
  EXPECT_EQ(keys_of(page), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(page.records[1].sequence, 2u);
  EXPECT_EQ(page.next, 4u);
  // Reading again from next finds nothing new, and stays where it is.
  auto again = log->read(page.next, kNoEnd, 1000, 1 << 20);
  EXPECT_TRUE(again.records.empty());
  EXPECT_EQ(again.next, 4u);
}

TEST_F(StreamLogTest, ALimitedReadResumesWhereItStopped) {
  auto log = create();
  for (const char* p : {"a", "b", "c"}) append_committed(*log, p);
  auto first = log->read(1, kNoEnd, 2, 1 << 20);
  EXPECT_EQ(keys_of(first), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(first.next, 3u);
  auto second = log->read(first.next, kNoEnd, 2, 1 << 20);
  EXPECT_EQ(keys_of(second), (std::vector<std::string>{"c"}));
}

TEST_F(StreamLogTest, ReadersStopBelowARecordStillCommitting) {
  auto log = create();
  auto slow = store_.begin();
  StreamRecord first = record("slow", kStart);
  auto slow_ticket = std::make_unique<StreamLog::Ticket>(log->append(*slow, first));
  const uint64_t second = append_committed(*log, "fast");
  EXPECT_EQ(second, first.sequence + 1);
  EXPECT_EQ(log->settled_end(), first.sequence);
  // The later record is committed but must not be returned before the earlier one settles,
  // or a reader moving past it would skip the earlier record for ever.
  auto page = log->read(1, kNoEnd, 1000, 1 << 20);
  EXPECT_TRUE(page.records.empty());
  EXPECT_EQ(page.next, 1u);
  slow->commit();
  slow_ticket.reset();
  EXPECT_EQ(log->settled_end(), second + 1);
  page = log->read(1, kNoEnd, 1000, 1 << 20);
  EXPECT_EQ(keys_of(page), (std::vector<std::string>{"slow", "fast"}));
}

TEST_F(StreamLogTest, ARolledBackRecordLeavesAGapReadersStepOver) {
  auto log = create();
  {
    auto txn = store_.begin();
    StreamRecord r = record("gone", kStart);
    StreamLog::Ticket ticket = log->append(*txn, r);
    txn->rollback();
  }
  append_committed(*log, "kept");
  auto page = log->read(1, kNoEnd, 1000, 1 << 20);
  EXPECT_EQ(keys_of(page), (std::vector<std::string>{"kept"}));
  EXPECT_EQ(page.records[0].sequence, 2u);
  EXPECT_EQ(page.next, 3u);
}

TEST_F(StreamLogTest, ReadingStopsAtTheEndGiven) {
  auto log = create();
  for (const char* p : {"a", "b", "c"}) append_committed(*log, p);
  auto page = log->read(1, 3, 1000, 1 << 20);
  EXPECT_EQ(keys_of(page), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(page.next, 3u);
}

TEST_F(StreamLogTest, LatestIsAfterTheNewestRecord) {
  auto log = create();
  append_committed(*log, "a");
  const StreamDescriptor d = log->descriptor();
  EXPECT_EQ(log->latest_position(d.shards.back()), 2u);
}

TEST_F(StreamLogTest, DisablingClosesTheShardAndRefusesRecords) {
  auto log = create();
  append_committed(*log, "a");
  log->disable(kStart + 10);
  const StreamDescriptor d = log->descriptor();
  EXPECT_FALSE(d.enabled());
  ASSERT_EQ(d.shards.size(), 1u);
  EXPECT_EQ(d.shards[0].last_sequence, 1u);
  auto txn = store_.begin();
  StreamRecord r = record("late", kStart + 20);
  log->append(*txn, r);
  txn->commit();
  EXPECT_EQ(r.sequence, 0u);  // not appended
  EXPECT_EQ(keys_of(log->read(1, 2, 1000, 1 << 20)), (std::vector<std::string>{"a"}));
}

TEST_F(StreamLogTest, AnEmptyShardClosesWithANonEmptyRange) {
  auto log = create();
  log->disable(kStart + 10);
  const StreamShard shard = log->descriptor().shards[0];
  ASSERT_TRUE(shard.last_sequence);
  EXPECT_GE(*shard.last_sequence, shard.first_sequence);
}

TEST_F(StreamLogTest, TheShardRollsOverAfterItsLifetime) {
  StreamSettings settings;
  settings.shard_lifetime_ms = kHour;
  auto log = create(settings);
  append_committed(*log, "a", kStart);
  append_committed(*log, "b", kStart + kHour + 1);
  const StreamDescriptor d = log->descriptor();
  ASSERT_EQ(d.shards.size(), 2u);
  EXPECT_EQ(d.shards[0].last_sequence, 1u);
  EXPECT_EQ(d.shards[1].parent_id, d.shards[0].id);
  EXPECT_EQ(d.shards[1].first_sequence, 2u);
  EXPECT_FALSE(d.shards[1].last_sequence);
  EXPECT_NE(d.shards[1].id, d.shards[0].id);
  // Each shard holds its own records.
  EXPECT_EQ(keys_of(log->read(1, *d.shards[0].last_sequence + 1, 1000, 1 << 20)),
            (std::vector<std::string>{"a"}));
  EXPECT_EQ(keys_of(log->read(d.shards[1].first_sequence, kNoEnd, 1000, 1 << 20)),
            (std::vector<std::string>{"b"}));
}

TEST_F(StreamLogTest, AnEmptyShardStaysOpenPastItsLifetime) {
  StreamSettings settings;
  settings.shard_lifetime_ms = kHour;
  auto log = create(settings);
  append_committed(*log, "a", kStart + 2 * kHour);
  EXPECT_EQ(log->descriptor().shards.size(), 1u);
}

TEST_F(StreamLogTest, TrimmingDropsRecordsOlderThanTheRetention) {
  StreamSettings settings;
  settings.retention_ms = 24 * kHour;
  auto log = create(settings);
  append_committed(*log, "old", kStart);
  append_committed(*log, "new", kStart + 20 * kHour);
  EXPECT_TRUE(log->trim(kStart + 25 * kHour));
  EXPECT_EQ(log->trim_horizon(), 2u);
  EXPECT_EQ(keys_of(log->read(1, kNoEnd, 1000, 1 << 20)), (std::vector<std::string>{"new"}));
}

TEST_F(StreamLogTest, TrimmingDropsClosedShardsLeftEmpty) {
  StreamSettings settings;
  settings.retention_ms = 24 * kHour;
  settings.shard_lifetime_ms = kHour;
  auto log = create(settings);
  append_committed(*log, "old", kStart);
  append_committed(*log, "new", kStart + 20 * kHour);  // rolls into a child shard
  ASSERT_EQ(log->descriptor().shards.size(), 2u);
  EXPECT_TRUE(log->trim(kStart + 25 * kHour));
  const StreamDescriptor d = log->descriptor();
  ASSERT_EQ(d.shards.size(), 1u);
  EXPECT_EQ(d.shards[0].first_sequence, 2u);
}

TEST_F(StreamLogTest, ADisabledStreamExpiresAfterTheRetention) {
  StreamSettings settings;
  settings.retention_ms = 24 * kHour;
  auto log = create(settings);
  append_committed(*log, "a", kStart);
  log->disable(kStart + kHour);
  EXPECT_TRUE(log->trim(kStart + 2 * kHour));
  EXPECT_FALSE(log->trim(kStart + 26 * kHour));
  EXPECT_FALSE(store_.get(stream_descriptor_key(7)));
  const std::string prefix = stream_records_prefix(7);
  auto it = store_.scan(prefix, prefix_successor(prefix));
  it->seek_to_first();
  EXPECT_FALSE(it->valid());
}

TEST_F(StreamLogTest, ALoadedLogContinuesAfterItsLastRecord) {
  auto log = create();
  append_committed(*log, "a");
  append_committed(*log, "b");
  auto bytes = store_.get(stream_descriptor_key(7));
  ASSERT_TRUE(bytes);
  auto loaded = StreamLog::load(store_, descriptor_from_bytes(*bytes), settings_);
  EXPECT_EQ(loaded->descriptor().arn, log->descriptor().arn);
  EXPECT_EQ(append_committed(*loaded, "c"), 3u);
  EXPECT_EQ(keys_of(loaded->read(1, kNoEnd, 1000, 1 << 20)),
            (std::vector<std::string>{"a", "b", "c"}));
}

TEST(StreamSequenceTest, SequenceNumbersAreDecimalTextOfAtLeast21Digits) {
  EXPECT_EQ(sequence_text(42), "000000000000000000042");
  EXPECT_EQ(parse_sequence("000000000000000000042"), 42u);
  EXPECT_FALSE(parse_sequence(""));
  EXPECT_FALSE(parse_sequence("12a"));
  EXPECT_FALSE(parse_sequence("99999999999999999999999"));  // beyond 64 bits
}

}  // namespace
}  // namespace cairn::engine
