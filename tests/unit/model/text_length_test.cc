#include "model/text_length.h"

#include <gtest/gtest.h>

namespace cairn {
namespace {

TEST(TextLength, CountsUtf16CodeUnits) {
  EXPECT_EQ(utf16_length(""), 0u);
  EXPECT_EQ(utf16_length("abc"), 3u);
  EXPECT_EQ(utf16_length("ab\xc3\xbf"), 3u);                      // ÿ: two bytes, one unit
  EXPECT_EQ(utf16_length("\xe6\x97\xa5\xe6\x9c\xac"), 2u);        // 日本: three bytes each
  EXPECT_EQ(utf16_length("\xf0\x9f\x98\x80"), 2u);                // U+1F600: a surrogate pair
  EXPECT_EQ(utf16_length("a\xf0\x9f\x98\x80z\xef\xbf\xbd"), 5u);  // with U+FFFD: one unit
}

}  // namespace
}  // namespace cairn
