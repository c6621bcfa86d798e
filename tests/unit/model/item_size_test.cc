#include "model/item_size.h"

#include <gtest/gtest.h>

#include "model/item_codec.h"
#include "support/rich_item.h"

namespace cairn {
namespace {

using testing_support::rich_item;

TEST(ItemSize, CountsNamesAndValuesTheDocumentedWay) {
  Item item;
  item["abc"] = AttributeValue::string("hello");  // 3 + 5
  item["n"] = AttributeValue::number("123.45");   // 1 + (5 digits -> 3) + 1
  AttributeValue flag;
  flag.type = AttrType::BOOL;
  item["f"] = flag;  // 1 + 1
  EXPECT_EQ(item_size(item), 8u + 5u + 2u);
}

TEST(ItemSize, ListsAndMapsHaveThreeBytesPlusOnePerElement) {
  AttributeValue list;
  list.type = AttrType::L;
  EXPECT_EQ(value_size(list), 3u);
  list.list = {AttributeValue::string("ab"), AttributeValue::string("c")};
  EXPECT_EQ(value_size(list), 3u + (1 + 2) + (1 + 1));
  AttributeValue map;
  map.type = AttrType::M;
  map.map["key"] = AttributeValue::string("v");
  EXPECT_EQ(value_size(map), 3u + 1 + 3 + 1);
}

TEST(ItemSize, NumbersIgnoreLeadingAndTrailingZeros) {
  EXPECT_EQ(value_size(AttributeValue::number("1000")), value_size(AttributeValue::number("1")));
  EXPECT_EQ(value_size(AttributeValue::number("0.001")), value_size(AttributeValue::number("1")));
}

TEST(ItemSize, StoredFormCountsAsTheDecodedItem) {
  const Item item = rich_item();
  EXPECT_EQ(stored_item_size(encode_item(item)), item_size(item));
  EXPECT_EQ(stored_item_size(encode_item(Item{})), 0u);
  for (const auto& [name, value] : item) {
    Item one{{name, value}};
    EXPECT_EQ(stored_item_size(encode_item(one)), item_size(one)) << name;
  }
}

TEST(ItemSize, ItemsStoredWithoutASizeAreMeasuredByWalkingThem) {
  const Item item = rich_item();
  std::string stored = encode_item(item);
  size_t pos = 1;
  uint64_t size;
  ASSERT_TRUE(read_varint(stored, pos, size));
  const std::string version1 = std::string(1, kStoredItemVersionWithoutSize) + stored.substr(pos);
  EXPECT_EQ(stored_item_size(version1), item_size(item));
}

}  // namespace
}  // namespace cairn
