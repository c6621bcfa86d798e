// The index backfill, at the store level: a GSI added to a populated table ends up holding
// exactly the entries its items imply, also when requests write during the backfill, when
// a request still holds metadata from before the index, after a restart, and it stops
// when the index is deleted.
#include "engine/index_backfill.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "engine/index_keys.h"
#include "engine/item_change.h"
#include "engine/item_store.h"
#include "engine/key_space.h"
#include "model/api_error.h"
#include "model/item_codec.h"
#include "model/key_codec.h"
#include "storage/rocksdb_store.h"
#include "support/engine_parts.h"

namespace cairn::engine {
namespace {

using namespace std::chrono_literals;

AttributeValue s(const std::string& v) {
  return AttributeValue::string(v);
}
AttributeValue n(int v) {
  return AttributeValue::number(std::to_string(v));
}

Item item(int i, std::initializer_list<std::pair<const char*, AttributeValue>> attrs) {
  Item it;
  it["pk"] = s("p" + std::to_string(i));
  it["sk"] = n(i % 7);
  for (const auto& [name, v] : attrs) it[name] = v;
  return it;
}

class IndexBackfillTest : public ::testing::Test {
 protected:
  IndexBackfillTest() : catalog_(store_, {}) {
    TableInfo spec;
    spec.name = "t";
    spec.hash_key = {"pk", AttrType::S};
    spec.range_key = KeyElement{"sk", AttrType::N};
    spec.attribute_definitions = {{"pk", AttrType::S}, {"sk", AttrType::N}};
    catalog_.create(spec);
  }

  TablePtr table() { return catalog_.get("t"); }

  // What UpdateTable's Create publishes: the index, CREATING.
  void add_index(const std::string& name, const std::string& attr) {
    catalog_.update("t", [&](TableInfo& t) {
      IndexInfo gsi;
      gsi.name = name;
      gsi.hash_keys = {{attr, AttrType::S}};
      gsi.projection = ProjectionType::kInclude;
      gsi.non_key_attributes = {"v"};
      gsi.status = IndexStatus::kCreating;
      gsi.backfilling = true;
      t.indexes.push_back(gsi);
    });
  }

  const IndexInfo* index(const std::string& name) {
    auto t = table();
    return t->find_index(name);
  }

  bool wait_until_active(const std::string& name, std::chrono::milliseconds timeout = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto t = table();
      const IndexInfo* i = t->find_index(name);
      if (i && i->status == IndexStatus::kActive) return true;
      std::this_thread::sleep_for(2ms);
    }
    return false;
  }

  std::map<std::string, std::string> entries(uint64_t storage_id) {
    std::map<std::string, std::string> out;
    const std::string prefix = storage_prefix(storage_id);
    auto it = store_.scan(prefix, prefix_successor(prefix));
    for (it->seek_to_first(); it->valid(); it->next()) out.emplace(it->key(), it->value());
    return out;
  }

  // The entries the table's items imply for the index: those with a non-empty string
  // index key no longer than DynamoDB's limit, projected.
  std::map<std::string, std::string> expected_entries(const std::string& name) {
    auto t = table();
    const IndexInfo& idx = *t->find_index(name);
    std::map<std::string, std::string> out;
    const std::string prefix = storage_prefix(t->storage_id);
    auto it = store_.scan(prefix, prefix_successor(prefix));
    for (it->seek_to_first(); it->valid(); it->next()) {
      Item i = decode_item(it->value());
      auto g = i.find(idx.hash_keys[0].name);
      if (g == i.end() || g->second.type != AttrType::S || g->second.scalar.empty() ||
          g->second.scalar.size() > 2048) {
        continue;
      }
      out.emplace(*index_entry_key(*t, idx, i), encode_item(project_for_index(*t, idx, i)));
    }
    return out;
  }

  // Entries equal to what the items imply (compared whole, reported by count: the
  // binary keys make unreadable diffs).
  void expect_exact_entries(const std::string& name) {
    auto got = entries(index(name)->storage_id);
    auto expected = expected_entries(name);
    EXPECT_EQ(got.size(), expected.size());
    EXPECT_TRUE(got == expected);
  }

  testing_support::EngineParts parts_;
  storage::RocksDbStore& store_ = parts_.store;
  Catalog catalog_;
  ItemStore& items_ = parts_.items;
};

TEST_F(IndexBackfillTest, IndexesExistingItemsAndSkipsIndexKeyViolations) {
  auto before = table();
  for (int i = 0; i < 300; ++i) {
    items_.put(*before, item(i, {{"g", s("g" + std::to_string(i % 13))}, {"v", n(i)}, {"w", n(1)}}),
               false);
  }
  items_.put(*before, item(1000, {{"v", n(1)}}), false);                       // no g: sparse
  items_.put(*before, item(1001, {{"g", n(5)}}), false);                       // wrong type
  items_.put(*before, item(1002, {{"g", s("")}}), false);                      // empty
  items_.put(*before, item(1003, {{"g", s(std::string(2049, 'x'))}}), false);  // too long
  items_.put(*before, item(1004, {{"g", s(std::string(2048, 'x'))}}), false);  // just fits
  before.reset();

  add_index("by_g", "g");
  IndexBackfiller backfiller(store_, catalog_);
  ASSERT_TRUE(wait_until_active("by_g"));
  EXPECT_FALSE(index("by_g")->backfilling);
  auto got = entries(index("by_g")->storage_id);
  EXPECT_EQ(got.size(), 301u);
  expect_exact_entries("by_g");
  // Projection INCLUDE v: keys and v only.
  Item first = decode_item(got.begin()->second);
  EXPECT_TRUE(first.count("v"));
  EXPECT_FALSE(first.count("w"));
}

TEST_F(IndexBackfillTest, WaitsUntilNoRequestHoldsMetadataFromBeforeTheIndex) {
  for (int i = 0; i < 50; ++i) items_.put(*table(), item(i, {{"g", s("a")}}), false);
  auto old = table();  // a request that started before the index was added
  add_index("by_g", "g");
  IndexBackfiller backfiller(store_, catalog_);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(index("by_g")->status, IndexStatus::kCreating);

  // Through the new metadata, item 1 gets an entry under "b"; the old request then
  // rewrites it blindly, maintaining nothing: the "b" entry is stale.
  items_.put(*table(), item(1, {{"g", s("b")}}), false);
  items_.put(*old, item(1, {{"g", s("c")}}), false);
  // And it writes items the new index has never seen.
  items_.put(*old, item(2, {{"g", s("d")}}), false);
  items_.put(*old, item(500, {{"g", s("e")}}), false);
  items_.remove(*old, item(3, {}), false);
  EXPECT_EQ(index("by_g")->status, IndexStatus::kCreating);

  old.reset();  // the old request ends
  ASSERT_TRUE(wait_until_active("by_g"));
  expect_exact_entries("by_g");
  EXPECT_EQ(entries(index("by_g")->storage_id).size(), 50u);
}

TEST_F(IndexBackfillTest, ConcurrentWritesAreReflectedExactlyOnce) {
  constexpr int kItems = 4000;
  for (int i = 0; i < kItems; ++i) {
    items_.put(*table(), item(i, {{"g", s("g" + std::to_string(i % 17))}, {"v", n(0)}}), false);
  }
  std::atomic<bool> stop{false};
  std::atomic<int> writes{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      std::mt19937 rng(w);
      while (!stop) {
        const int i = static_cast<int>(rng() % (kItems + 200));
        auto t = table();  // each request takes the current metadata
        try {
          switch (rng() % 4) {
            case 0:
              items_.put(*t, item(i, {{"g", s("w" + std::to_string(rng() % 5))}, {"v", n(w)}}),
                         false);
              break;
            case 1:
              items_.remove(*t, item(i, {}), false);
              break;
            case 2:
              items_.put(*t, item(i, {{"v", n(w)}}), false);  // leaves the index
              break;
            default:
              items_.update(*t, item(i, {}), [&](const Item* current) {
                Item next = current ? *current : item(i, {});
                next["g"] = s("u" + std::to_string(w));
                return std::optional(next);
              });
          }
        } catch (const storage::ConflictError&) {
          continue;  // lost a lock wait; a client would retry
        }
        ++writes;
      }
    });
  }
  while (writes < 2000) std::this_thread::sleep_for(1ms);
  add_index("by_g", "g");
  IndexBackfiller backfiller(store_, catalog_);
  ASSERT_TRUE(wait_until_active("by_g"));
  const int at_active = writes;
  while (writes < at_active + 2000) std::this_thread::sleep_for(1ms);
  stop = true;
  for (auto& t : writers) t.join();
  EXPECT_GT(expected_entries("by_g").size(), 1000u);
  expect_exact_entries("by_g");
}

TEST_F(IndexBackfillTest, StopsAndCleansUpWhenTheIndexIsDeleted) {
  for (int i = 0; i < 20000; ++i) items_.put(*table(), item(i, {{"g", s("a")}}), false);
  add_index("by_g", "g");
  const uint64_t dropped = index("by_g")->storage_id;
  IndexBackfiller backfiller(store_, catalog_);
  std::this_thread::sleep_for(5ms);
  catalog_.update("t", [](TableInfo& t) { std::erase_if(t.indexes, [](auto&) { return true; }); });
  // The worker does one index at a time: once the next one is done, the first is over.
  add_index("by_h", "h");
  backfiller.wake();
  ASSERT_TRUE(wait_until_active("by_h"));
  EXPECT_TRUE(entries(dropped).empty());
  EXPECT_EQ(table()->indexes.size(), 1u);
}

TEST_F(IndexBackfillTest, AnIndexLeftCreatingIsBackfilledAtStart) {
  for (int i = 0; i < 100; ++i) items_.put(*table(), item(i, {{"g", s("a")}}), false);
  add_index("by_g", "g");
  // Half a backfill from before a crash, with one entry no item implies any more.
  store_.put(storage_prefix(index("by_g")->storage_id) + "stale", "x");
  IndexBackfiller backfiller(store_, catalog_);  // as the engine starts
  ASSERT_TRUE(wait_until_active("by_g"));
  expect_exact_entries("by_g");
}

TEST_F(IndexBackfillTest, ATableIsNotDroppedWhileAnIndexIsCreating) {
  add_index("by_g", "g");
  EXPECT_THROW(catalog_.drop("t"), ApiError);
  IndexBackfiller backfiller(store_, catalog_);
  ASSERT_TRUE(wait_until_active("by_g"));
  catalog_.drop("t");
  EXPECT_FALSE(catalog_.find("t"));
}

TEST(CatalogSnapshots, SupersededSnapshotsAreTrackedUntilReleased) {
  storage::RocksDbStore store({"/catalog-snapshots-test", true, false});
  Catalog catalog(store, {});
  TableInfo spec;
  spec.name = "t";
  spec.hash_key = {"pk", AttrType::S};
  const uint64_t id = catalog.create(spec)->storage_id;
  EXPECT_FALSE(catalog.superseded_snapshots_held(id));
  auto old = catalog.get("t");
  catalog.update("t", [](TableInfo& t) { t.deletion_protection = true; });
  EXPECT_TRUE(catalog.superseded_snapshots_held(id));
  auto current = catalog.get("t");  // the current one does not count
  old.reset();
  EXPECT_FALSE(catalog.superseded_snapshots_held(id));
  EXPECT_FALSE(catalog.update_if("t", [](TableInfo&) { return false; }));
  EXPECT_EQ(catalog.get("t"), current);
}

}  // namespace
}  // namespace cairn::engine
