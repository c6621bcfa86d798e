#include "engine/item_store.h"
#include "engine/item_change.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "model/api_error.h"
#include "model/number.h"
#include "storage/rocksdb_store.h"
#include "support/engine_parts.h"

namespace cairn::engine {
namespace {

class ItemStoreTest : public ::testing::Test {
 protected:
  ItemStoreTest() {
    table_.name = "t";
    table_.storage_id = 1;
    table_.hash_key = {"pk", AttrType::S};
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

  testing_support::EngineParts parts_;
  storage::RocksDbStore& store_ = parts_.store;
  ItemStore& items_ = parts_.items;
  TableInfo table_;
};

TEST_F(ItemStoreTest, PutGetRemove) {
  EXPECT_FALSE(items_.put(table_, item("a", "1"), true).has_value());
  EXPECT_EQ(items_.get(table_, key("a")), item("a", "1"));
  EXPECT_EQ(items_.put(table_, item("a", "2"), true), item("a", "1"));
  EXPECT_EQ(items_.remove(table_, key("a"), true), item("a", "2"));
  EXPECT_FALSE(items_.get(table_, key("a")).has_value());
}

TEST_F(ItemStoreTest, APreconditionThatThrowsLeavesTheItemAlone) {
  items_.put(table_, item("a", "1"), false);
  auto refuse = [](const Item* current) {
    ASSERT_NE(current, nullptr);
    throw ApiError::conditional_check_failed(current);
  };
  try {
    items_.put(table_, item("a", "2"), false, refuse);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), ErrorType::kConditionalCheckFailed);
    ASSERT_NE(e.item(), nullptr);
    EXPECT_EQ(*e.item(), item("a", "1"));
  }
  EXPECT_THROW(items_.remove(table_, key("a"), false, refuse), ApiError);
  EXPECT_EQ(items_.get(table_, key("a")), item("a", "1"));
}

TEST_F(ItemStoreTest, UpdateCreatesChangesAndDeletes) {
  auto r = items_.update(table_, key("u"), [](const Item* current) {
    EXPECT_EQ(current, nullptr);
    return std::optional<Item>(item("u", "new"));
  });
  EXPECT_FALSE(r.old_item.has_value());
  EXPECT_EQ(items_.get(table_, key("u")), item("u", "new"));
  r = items_.update(table_, key("u"), [](const Item*) { return std::optional<Item>(); });
  EXPECT_EQ(r.old_item, item("u", "new"));
  EXPECT_FALSE(items_.get(table_, key("u")).has_value());
}

TEST_F(ItemStoreTest, ConcurrentIncrementsAreNeverLost) {
  Item start = key("c");
  start["n"] = AttributeValue::number("0");
  items_.put(table_, start, false);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this] {
      for (int i = 0; i < 250; ++i) {
        items_.update(table_, key("c"), [](const Item* current) {
          Item next = *current;
          next["n"] = AttributeValue::number(
              (Number::parse(current->at("n").scalar) + Number::parse("1")).to_string());
          return std::optional<Item>(next);
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(items_.get(table_, key("c"))->at("n").scalar, "1000");
}

}  // namespace
}  // namespace cairn::engine
