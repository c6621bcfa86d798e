#include "model/item_codec.h"

#include <gtest/gtest.h>

#include "model/api_error.h"
#include "model/item_size.h"
#include "support/rich_item.h"

namespace cairn {
namespace {

using testing_support::rich_item;

Item sample_item() {
  Item item;
  item["s"] = AttributeValue::string("text\0with nul");
  item["n"] = AttributeValue::number("-12.5");
  item["b"] = AttributeValue::binary(std::string("\x00\xff", 2));
  AttributeValue flag;
  flag.type = AttrType::BOOL;
  flag.boolean = true;
  item["t"] = flag;
  AttributeValue nul;
  nul.type = AttrType::NUL;
  nul.boolean = true;
  item["nul"] = nul;
  AttributeValue set;
  set.type = AttrType::SS;
  set.set = {"a", "b"};
  item["ss"] = set;
  AttributeValue list;
  list.type = AttrType::L;
  list.list = {AttributeValue::string("x"), set};
  AttributeValue map;
  map.type = AttrType::M;
  map.map["inner"] = list;
  item["m"] = map;
  return item;
}

TEST(ItemCodec, RoundTripsEveryType) {
  const Item item = sample_item();
  EXPECT_EQ(decode_item(encode_item(item)), item);
}

TEST(ItemCodec, RoundTripsNestedContainers) {
  const Item item = rich_item();
  EXPECT_EQ(decode_item(encode_item(item)), item);
}

TEST(ItemCodec, RoundTripsTheEmptyItem) {
  EXPECT_EQ(decode_item(encode_item(Item{})), Item{});
}

TEST(ItemCodec, RejectsTruncatedOrCorruptBytes) {
  const std::string bytes = encode_item(sample_item());
  for (size_t len = 0; len < bytes.size(); ++len) {
    EXPECT_THROW(decode_item(std::string_view(bytes).substr(0, len)), ApiError) << len;
  }
  std::string wrong_version = bytes;
  wrong_version[0] = 9;
  EXPECT_THROW(decode_item(wrong_version), ApiError);
}

// The same item as version 1 wrote it: no size after the version byte.
std::string without_size(const std::string& stored) {
  size_t pos = 1;
  uint64_t size;
  EXPECT_TRUE(read_varint(stored, pos, size));
  return std::string(1, kStoredItemVersionWithoutSize) + stored.substr(pos);
}

TEST(ItemCodec, StoresTheItemSizeAfterTheVersion) {
  const std::string bytes = encode_item(sample_item());
  ASSERT_EQ(bytes[0], kStoredItemVersion);
  size_t pos = 1;
  uint64_t size = 0;
  ASSERT_TRUE(read_varint(bytes, pos, size));
  EXPECT_EQ(size, item_size(sample_item()));
}

TEST(ItemCodec, ReadsItemsStoredWithoutASize) {
  for (const Item& item : {sample_item(), rich_item(), Item{}}) {
    EXPECT_EQ(decode_item(without_size(encode_item(item))), item);
  }
}

TEST(Varint, RoundTripsBoundaries) {
  for (uint64_t v : {0ULL, 1ULL, 127ULL, 128ULL, 16383ULL, 16384ULL, ~0ULL}) {
    std::string out;
    append_varint(out, v);
    size_t pos = 0;
    uint64_t back = 0;
    ASSERT_TRUE(read_varint(out, pos, back));
    EXPECT_EQ(back, v);
    EXPECT_EQ(pos, out.size());
  }
}

}  // namespace
}  // namespace cairn
