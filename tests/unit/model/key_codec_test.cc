#include "model/key_codec.h"

#include <gtest/gtest.h>

#include <vector>

namespace cairn {
namespace {

std::string sortable(const AttributeValue& v) {
  std::string out;
  append_sortable_value(v, out);
  return out;
}

TEST(KeyCodec, StringsSortByUtf8Bytes) {
  std::vector<std::string> ordered = {
      "",    std::string("\0", 1), std::string("\0\0", 2), "A", "a", "a\x01", "ab", "b", "\xc3\xa9",
      "\xff"};
  for (size_t i = 1; i < ordered.size(); ++i) {
    EXPECT_LT(sortable(AttributeValue::string(ordered[i - 1])),
              sortable(AttributeValue::string(ordered[i])))
        << i;
  }
}

TEST(KeyCodec, NumbersSortNumerically) {
  std::vector<std::string> ordered = {"-100", "-2", "-1.5", "0", "0.01", "1", "1.5", "2", "10"};
  for (size_t i = 1; i < ordered.size(); ++i) {
    EXPECT_LT(sortable(AttributeValue::number(ordered[i - 1])),
              sortable(AttributeValue::number(ordered[i])))
        << ordered[i];
  }
}

TEST(KeyCodec, EncodingsAreSelfDelimiting) {
  // A partition key that is a prefix of another must not make their items interleave.
  auto a = AttributeValue::string("a");
  auto ab = AttributeValue::string("ab");
  auto sk_high = AttributeValue::string("\xff\xff");
  EXPECT_LT(sortable(a) + sortable(sk_high), sortable(ab));
}

TEST(KeyCodec, EqualNumbersHashAlike) {
  // Keys arrive canonicalised, so 1e3 and 1000 are the same key.
  EXPECT_EQ(partition_hash(AttributeValue::number("1000")),
            partition_hash(AttributeValue::number("1000")));
  EXPECT_NE(partition_hash(AttributeValue::number("1000")),
            partition_hash(AttributeValue::string("1000")));
}

TEST(KeyCodec, PrefixSuccessorBoundsThePrefix) {
  EXPECT_EQ(prefix_successor("ab"), "ac");
  EXPECT_EQ(prefix_successor(std::string("a\xff", 2)), "b");
  EXPECT_EQ(prefix_successor("\xff"), "");
}

}  // namespace
}  // namespace cairn
