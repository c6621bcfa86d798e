// Index entries through the ItemStore's write paths: every put, update, delete and batch
// write leaves exactly the entries the table's items imply.
#include "engine/index_maintenance.h"

#include <gtest/gtest.h>

#include <set>

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

class IndexMaintenanceTest : public ::testing::Test {
 protected:
  IndexMaintenanceTest() {
    table_.name = "t";
    table_.storage_id = 1;
    table_.hash_key = {"pk", AttrType::S};
    table_.range_key = KeyElement{"sk", AttrType::N};
    IndexInfo gsi;
    gsi.name = "by_g";
    gsi.storage_id = 2;
    gsi.hash_keys = {{"g", AttrType::S}};
    gsi.range_keys = {{"gs", AttrType::N}};
    gsi.projection = ProjectionType::kKeysOnly;
    table_.indexes.push_back(gsi);
    IndexInfo lsi;
    lsi.name = "by_l";
    lsi.kind = IndexKind::kLocal;
    lsi.storage_id = 3;
    lsi.hash_keys = {{"pk", AttrType::S}};
    lsi.range_keys = {{"l", AttrType::S}};
    lsi.projection = ProjectionType::kInclude;
    lsi.non_key_attributes = {"x"};
    table_.indexes.push_back(lsi);
  }

  static Item item(const std::string& pk, int sk,
                   std::initializer_list<std::pair<const char*, AttributeValue>> attrs) {
    Item i;
    i["pk"] = AttributeValue::string(pk);
    i["sk"] = AttributeValue::number(std::to_string(sk));
    for (const auto& [name, v] : attrs) i[name] = v;
    return i;
  }
  static AttributeValue s(const std::string& v) { return AttributeValue::string(v); }
  static AttributeValue n(int v) { return AttributeValue::number(std::to_string(v)); }

  // Every entry stored under the index's storage id, decoded.
  std::vector<Item> entries(uint64_t storage_id) {
    std::vector<Item> out;
    const std::string prefix = storage_prefix(storage_id);
    auto it = store_.scan(prefix, prefix_successor(prefix));
    for (it->seek_to_first(); it->valid(); it->next()) out.push_back(decode_item(it->value()));
    return out;
  }

  testing_support::EngineParts parts_;
  storage::RocksDbStore& store_ = parts_.store;
  ItemStore& items_ = parts_.items;
  TableInfo table_;
};

TEST_F(IndexMaintenanceTest, PutIndexesOnlyItemsWithEveryIndexKeyAttribute) {
  items_.put(table_, item("a", 1, {{"g", s("x")}, {"gs", n(5)}, {"l", s("q")}, {"x", n(1)}}),
             false);
  items_.put(table_, item("b", 1, {{"g", s("x")}}), false);  // no gs: not in by_g
  ASSERT_EQ(entries(2).size(), 1u);
  EXPECT_EQ(entries(2)[0], item("a", 1, {{"g", s("x")}, {"gs", n(5)}}));  // KEYS_ONLY
  ASSERT_EQ(entries(3).size(), 1u);
  EXPECT_EQ(entries(3)[0], item("a", 1, {{"l", s("q")}, {"x", n(1)}}));  // INCLUDE x
}

TEST_F(IndexMaintenanceTest, ReplacingAnItemMovesItsEntry) {
  items_.put(table_, item("a", 1, {{"g", s("x")}, {"gs", n(5)}}), false);
  items_.put(table_, item("a", 1, {{"g", s("y")}, {"gs", n(6)}}), false);
  ASSERT_EQ(entries(2).size(), 1u);
  EXPECT_EQ(entries(2)[0].at("g"), s("y"));
  items_.put(table_, item("a", 1, {}), false);
  EXPECT_TRUE(entries(2).empty());
}

TEST_F(IndexMaintenanceTest, UpdateAndDeleteKeepEntriesInStep) {
  Item key = item("a", 1, {});
  items_.update(table_, key, [](const Item*) {
    return std::optional(item("a", 1, {{"l", s("m")}}));
  });
  ASSERT_EQ(entries(3).size(), 1u);
  items_.update(table_, key, [](const Item* current) {
    Item next = *current;
    next["l"] = s("n");
    return std::optional(next);
  });
  ASSERT_EQ(entries(3).size(), 1u);
  EXPECT_EQ(entries(3)[0].at("l"), s("n"));
  items_.remove(table_, key, false);
  EXPECT_TRUE(entries(3).empty());
}

TEST_F(IndexMaintenanceTest, BatchWritesMaintainIndexes) {
  items_.put(table_, item("a", 1, {{"l", s("m")}}), false);
  items_.write_batch(
      {{&table_, false, item("b", 1, {{"l", s("z")}})}, {&table_, true, item("a", 1, {})}});
  ASSERT_EQ(entries(3).size(), 1u);
  EXPECT_EQ(entries(3)[0].at("pk"), s("b"));
}

TEST_F(IndexMaintenanceTest, EntriesSharingIndexKeysStayDistinctInTableKeyOrder) {
  for (int sk : {3, 1, 2}) items_.put(table_, item("a", sk, {{"l", s("same")}}), false);
  auto e = entries(3);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].at("sk"), n(1));
  EXPECT_EQ(e[2].at("sk"), n(3));
}

TEST_F(IndexMaintenanceTest, WrongTypeOrEmptyIndexKeyIsRefused) {
  try {
    items_.put(table_, item("a", 1, {{"g", n(1)}}), false);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.message(),
              "One or more parameter values were invalid: Type mismatch for Index Key g "
              "Expected: S Actual: N IndexName: by_g");
  }
  try {
    items_.put(table_, item("a", 1, {{"l", s("")}}), false);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.message(),
              "One or more parameter values are not valid. A value specified for a secondary "
              "index key is not supported. The AttributeValue for a key attribute cannot "
              "contain an empty string value. IndexName: by_l, IndexKey: l");
  }
  EXPECT_FALSE(items_.get(table_, item("a", 1, {})).has_value());
}

TEST(IndexKeys, LastEvaluatedKeyOfAnIndexHasTableAndIndexKeys) {
  TableInfo table;
  table.hash_key = {"pk", AttrType::S};
  IndexInfo index;
  index.hash_keys = {{"g", AttrType::S}};
  Item item{{"pk", AttributeValue::string("a")},
            {"g", AttributeValue::string("b")},
            {"v", AttributeValue::string("c")}};
  Item expected{{"pk", AttributeValue::string("a")}, {"g", AttributeValue::string("b")}};
  EXPECT_EQ(index_key_of(table, index, item), expected);
}

TEST(IndexKeys, MultiAttributePartitionPrefixOfOneValueIsTheTablePrefix) {
  AttributeValue v = AttributeValue::string("abc");
  EXPECT_EQ(composite_partition_prefix(9, {&v}), partition_prefix(9, v));
}

}  // namespace
}  // namespace cairn::engine
