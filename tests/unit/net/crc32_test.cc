#include "net/crc32.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>

namespace cairn::net {
namespace {

uint32_t zlib_crc(std::string_view s) {
  return static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

TEST(Crc32, KnownValues) {
  EXPECT_EQ(crc32_of(""), 0u);
  EXPECT_EQ(crc32_of("123456789"), 0xcbf43926u);  // the standard check value
  EXPECT_EQ(crc32_of("{}"), 2745614147u);         // DynamoDB's x-amz-crc32 of an empty answer
}

TEST(Crc32, MatchesZlibForEveryLengthAndAlignment) {
  std::mt19937 rng(7);
  std::string buffer(4096 + 64, '\0');
  for (auto& c : buffer) c = static_cast<char>(rng());
  for (size_t offset = 0; offset < 16; ++offset) {
    for (size_t size = 0; size <= 1100; ++size) {
      std::string_view s(buffer.data() + offset, size);
      ASSERT_EQ(crc32_of(s), zlib_crc(s)) << "offset " << offset << " size " << size;
    }
  }
  std::string_view all(buffer);
  EXPECT_EQ(crc32_of(all), zlib_crc(all));
}

TEST(Crc32, LargeBodies) {
  std::string body(3 << 20, 'x');
  for (size_t i = 0; i < body.size(); i += 97) body[i] = static_cast<char>(i);
  EXPECT_EQ(crc32_of(body), zlib_crc(body));
}

}  // namespace
}  // namespace cairn::net
