#include "api/base64.h"

#include <gtest/gtest.h>

namespace cairn::api {
namespace {

TEST(Base64, EncodesAndDecodesEveryLengthModuloThree) {
  for (std::string raw : {std::string(""), std::string("f"), std::string("fo"), std::string("foo"),
                          std::string("\x00\xff\x10", 3), std::string("foob")}) {
    std::string text, back;
    base64_encode(raw, text);
    ASSERT_TRUE(base64_decode(text, back)) << text;
    EXPECT_EQ(back, raw);
  }
  std::string text;
  base64_encode("hello", text);
  EXPECT_EQ(text, "aGVsbG8=");
}

TEST(Base64, RejectsMalformedInput) {
  std::string out;
  for (const char* bad : {"YWJj?"
                          "?!!",
                          "YWJjZGVmZ2g", "a===", "=AAA", "AA=A",
                          "\xff"
                          "dog"}) {
    EXPECT_FALSE(base64_decode(bad, out)) << bad;
  }
}

}  // namespace
}  // namespace cairn::api
