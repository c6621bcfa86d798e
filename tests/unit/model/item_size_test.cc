#include "model/item_size.h"

#include <gtest/gtest.h>

#include "model/item_codec.h"

namespace cairn {
namespace {

// Every type, nested both ways: maps in lists in maps, sets in lists, empty containers.
Item rich_item() {
  auto of = [](AttrType t) {
    AttributeValue v;
    v.type = t;
    return v;
  };
  AttributeValue ns = of(AttrType::NS);
  ns.set = {"1000", "-0.001", "12345678901234567890"};
  AttributeValue bs = of(AttrType::BS);
  bs.set = {std::string("\x00\x01", 2), "\xff\"\\"};
  AttributeValue ss = of(AttrType::SS);
  ss.set = {"a\"b", "line\nbreak"};
  AttributeValue inner = of(AttrType::M);
  inner.map["deep"] = AttributeValue::number("7");
  inner.map["empty list"] = of(AttrType::L);
  inner.map["empty map"] = of(AttrType::M);
  AttributeValue list = of(AttrType::L);
  list.list = {inner, ns, AttributeValue::binary("bin"), of(AttrType::NUL), inner};
  list.list[3].boolean = true;
  AttributeValue lists = of(AttrType::L);
  lists.list = {list, list};
  AttributeValue outer = of(AttrType::M);
  outer.map["lists"] = lists;
  outer.map["bs"] = bs;
  AttributeValue yes = of(AttrType::BOOL);
  yes.boolean = true;
  Item item;
  item["outer"] = outer;
  item["ss"] = ss;
  item["flag"] = yes;
  item["no"] = of(AttrType::BOOL);
  item["s"] = AttributeValue::string("text");
  item["n"] = AttributeValue::number("-12.5");
  item["list"] = list;
  return item;
}

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

}  // namespace
}  // namespace cairn
