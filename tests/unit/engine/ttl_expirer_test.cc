// The Time to Live worker at the store level, driven by hand (no background thread):
// UpdateTimeToLive's checks, the sync of expiry entries after enabling (items written
// before) and disabling, and expiry deleting exactly what has expired, with its index
// entries and a stream record naming the TTL service.
#include "engine/ttl_expirer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "engine/expiry_index.h"
#include "engine/index_keys.h"
#include "engine/item_change.h"
#include "engine/item_store.h"
#include "engine/key_space.h"
#include "engine/stream_registry.h"
#include "model/api_error.h"
#include "model/key_codec.h"
#include "storage/rocksdb_store.h"
#include "support/engine_parts.h"

namespace cairn::engine {
namespace {

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

AttributeValue s(const std::string& v) {
  return AttributeValue::string(v);
}
AttributeValue n(int64_t v) {
  return AttributeValue::number(std::to_string(v));
}

class TtlExpirerTest : public ::testing::Test {
 protected:
  TtlExpirerTest() : catalog_(store_, {}), ttl_(store_, catalog_, items_, /*background=*/false) {
    TableInfo spec;
    spec.name = "t";
    spec.hash_key = {"pk", AttrType::S};
    spec.attribute_definitions = {{"pk", AttrType::S}, {"g", AttrType::S}};
    IndexInfo gsi;
    gsi.name = "gsi";
    gsi.hash_keys = {{"g", AttrType::S}};
    spec.indexes.push_back(gsi);
    catalog_.create(spec);
  }

  TablePtr table() { return catalog_.get("t"); }

  Item row(const std::string& pk, std::optional<AttributeValue> exp) {
    Item i;
    i["pk"] = s(pk);
    i["g"] = s("g-" + pk);
    if (exp) i["exp"] = *exp;
    return i;
  }
  void put(const Item& i) { items_.put(*table(), i, false); }
  bool exists(const std::string& pk) { return items_.get(*table(), {{"pk", s(pk)}}).has_value(); }

  size_t count(const std::string& prefix) {
    size_t c = 0;
    auto it = store_.scan(prefix, prefix_successor(prefix));
    for (it->seek_to_first(); it->valid(); it->next()) ++c;
    return c;
  }
  size_t expiry_entries() { return count(expiry_prefix(table()->storage_id)); }
  size_t index_entries() { return count(storage_prefix(table()->find_index("gsi")->storage_id)); }

  void enable() {
    ttl_.update("t", "exp", true);
    ASSERT_TRUE(ttl_.sync_pending());
  }

  static std::string message_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const ApiError& e) {
      return std::string(e.message());
    }
    return "no error";
  }

  testing_support::EngineParts parts_;
  storage::RocksDbStore& store_ = parts_.store;
  Catalog catalog_;
  StreamRegistry& streams_ = parts_.streams;
  ItemStore& items_ = parts_.items;
  TtlExpirer ttl_;
};

TEST_F(TtlExpirerTest, UpdateChecksTheCurrentSettingAsDynamoDbDoes) {
  EXPECT_EQ(message_of([&] { ttl_.update("t", "exp", false); }), "TimeToLive is already disabled");
  EXPECT_EQ(message_of([&] { ttl_.update("t", "exp", true); }), "no error");
  EXPECT_TRUE(table()->ttl.enabled);
  EXPECT_EQ(table()->ttl.attribute, "exp");
  EXPECT_EQ(message_of([&] { ttl_.update("t", "exp", true); }), "TimeToLive is already enabled");
  EXPECT_EQ(message_of([&] { ttl_.update("t", "other", true); }),
            "TimeToLive is active on a different AttributeName: current AttributeName is exp");
  EXPECT_EQ(message_of([&] { ttl_.update("t", "other", false); }),
            "TimeToLive is active on a different AttributeName: current AttributeName is exp");
  EXPECT_EQ(message_of([&] { ttl_.update("t", "exp", false); }), "no error");
  EXPECT_FALSE(table()->ttl.enabled);
  EXPECT_EQ(message_of([&] { ttl_.update("t", "other", false); }),
            "TimeToLive is already disabled");
  EXPECT_EQ(message_of([&] { ttl_.update("t", "other", true); }), "no error");
  EXPECT_EQ(message_of([&] { ttl_.update("missing", "exp", true); }),
            "Requested resource not found: Table: missing not found");
}

TEST_F(TtlExpirerTest, ExpiresWhatHasExpiredAndNothingElse) {
  enable();
  const int64_t now = now_ms();
  const int64_t sec = now / 1000;
  put(row("past", n(sec - 60)));
  put(row("fractional", AttributeValue::number(std::to_string(sec - 60) + ".25")));
  put(row("future", n(sec + 3600)));
  put(row("string", s(std::to_string(sec - 60))));
  put(row("missing", std::nullopt));
  put(row("ancient", n(162777600)));  // more than five years ago: DynamoDB keeps it
  EXPECT_EQ(expiry_entries(), 4u);
  EXPECT_EQ(index_entries(), 6u);

  EXPECT_EQ(ttl_.expire_due(now), 2u);
  EXPECT_FALSE(exists("past"));
  EXPECT_FALSE(exists("fractional"));
  for (const char* alive : {"future", "string", "missing", "ancient"}) {
    EXPECT_TRUE(exists(alive)) << alive;
  }
  EXPECT_EQ(expiry_entries(), 2u);  // future and ancient
  EXPECT_EQ(index_entries(), 4u);
  EXPECT_EQ(ttl_.expire_due(now), 0u);
}

TEST_F(TtlExpirerTest, AnItemRewrittenBeforeItsTimeDoesNotExpire) {
  enable();
  const int64_t now = now_ms();
  put(row("a", n(now / 1000 + 1)));
  put(row("a", n(now / 1000 + 3600)));  // pushed into the future
  EXPECT_EQ(ttl_.expire_due(now + 5000), 0u);
  EXPECT_TRUE(exists("a"));
  EXPECT_EQ(ttl_.expire_due(now + 3601 * 1000), 1u);
  EXPECT_FALSE(exists("a"));
}

TEST_F(TtlExpirerTest, AStaleEntryIsRemovedWithoutDeletingTheItem) {
  enable();
  const int64_t now = now_ms();
  const Item a = row("a", n(now / 1000 + 3600));
  put(a);
  // An entry the item no longer has (as a write through an old snapshot could leave).
  const std::string stale = expiry_entry_key(table()->storage_id, now / 1000 - 10,
                                             ItemStore::storage_key(*table(), {{"pk", s("a")}}));
  store_.put(stale, "");
  EXPECT_EQ(ttl_.expire_due(now), 0u);
  EXPECT_TRUE(exists("a"));
  EXPECT_FALSE(store_.get(stale));
  EXPECT_EQ(expiry_entries(), 1u);
}

TEST_F(TtlExpirerTest, ItemsWrittenBeforeEnablingGetEntriesAndExpire) {
  const int64_t now = now_ms();
  for (int i = 0; i < 2500; ++i) {  // more than one iterator's worth
    put(row("k" + std::to_string(i), n(i % 2 == 0 ? now / 1000 - 5 : now / 1000 + 3600)));
  }
  EXPECT_EQ(expiry_entries(), 0u);
  enable();
  EXPECT_EQ(expiry_entries(), 2500u);
  EXPECT_FALSE(store_.get(expiry_sync_key(table()->storage_id)));  // in line: unmarked
  EXPECT_EQ(ttl_.expire_due(now), 1250u);
  EXPECT_EQ(expiry_entries(), 1250u);
  EXPECT_FALSE(exists("k0"));
  EXPECT_TRUE(exists("k1"));
}

TEST_F(TtlExpirerTest, DisablingRemovesEntriesAndStopsExpiry) {
  enable();
  const int64_t now = now_ms();
  put(row("a", n(now / 1000 - 5)));
  ttl_.update("t", "exp", false);
  ASSERT_TRUE(ttl_.sync_pending());
  EXPECT_EQ(expiry_entries(), 0u);
  EXPECT_EQ(ttl_.expire_due(now), 0u);
  EXPECT_TRUE(exists("a"));
  // Enabling on another attribute indexes that one.
  put(row("b", std::nullopt));
  Item c = row("c", std::nullopt);
  c["other"] = n(now / 1000 - 5);
  put(c);
  ttl_.update("t", "other", true);
  ASSERT_TRUE(ttl_.sync_pending());
  EXPECT_EQ(expiry_entries(), 1u);
  EXPECT_EQ(ttl_.expire_due(now), 1u);
  EXPECT_FALSE(exists("c"));
  EXPECT_TRUE(exists("a"));
}

TEST_F(TtlExpirerTest, DroppingTheTableRemovesItsEntriesAndMark) {
  put(row("a", n(now_ms() / 1000 - 5)));
  ttl_.update("t", "exp", true);  // marked, not yet synced
  const uint64_t id = table()->storage_id;
  catalog_.drop("t");
  EXPECT_FALSE(store_.get(expiry_sync_key(id)));
  EXPECT_TRUE(ttl_.sync_pending());
  EXPECT_EQ(count(expiry_prefix(id)), 0u);
}

TEST_F(TtlExpirerTest, AnExpiryIsAStreamRemoveRecordOfTheTtlService) {
  catalog_.update("t", [](TableInfo& t) {
    t.stream = TableStream{};
    t.stream->enabled = true;
    t.stream->view_type = StreamViewType::kNewAndOldImages;
  });
  enable();
  const int64_t now = now_ms();
  put(row("a", n(now / 1000 - 5)));
  EXPECT_EQ(ttl_.expire_due(now), 1u);
  auto page = streams_.log_for(*table())->read(0, UINT64_MAX, 100, 1 << 20);
  ASSERT_EQ(page.records.size(), 2u);
  EXPECT_EQ(page.records[0].origin, ChangeOrigin::kRequest);
  const StreamRecord& removal = page.records[1];
  EXPECT_EQ(removal.event, StreamEventName::kRemove);
  EXPECT_EQ(removal.origin, ChangeOrigin::kTimeToLive);
  ASSERT_TRUE(removal.old_image);
  EXPECT_EQ(removal.old_image->at("exp"), n(now / 1000 - 5));
}

TEST_F(TtlExpirerTest, BackgroundWorkerExpiresWithinItsInterval) {
  TtlExpirer worker(store_, catalog_, items_);
  worker.set_interval(std::chrono::milliseconds(50));
  worker.update("t", "exp", true);
  put(row("a", n(now_ms() / 1000 - 5)));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (exists("a") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_FALSE(exists("a"));
}

}  // namespace
}  // namespace cairn::engine
