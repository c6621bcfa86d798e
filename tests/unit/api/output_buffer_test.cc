#include "api/output_buffer.h"

#include <gtest/gtest.h>

#include <string>

namespace cairn::api {
namespace {

TEST(OutputBuffer, AppendsAndGrowsKeepingWhatItHolds) {
  OutputBuffer out;
  EXPECT_TRUE(out.empty());
  std::string expected;
  for (int i = 0; i < 5000; ++i) {
    const std::string piece = std::to_string(i) + ",";
    out.append(piece);
    expected += piece;
    out.push_back(';');
    expected += ';';
  }
  EXPECT_EQ(out.view(), expected);
  EXPECT_GE(out.capacity(), out.size());
}

TEST(OutputBuffer, CountsOnlyCommittedRoom) {
  OutputBuffer out;
  out.append("ab");
  char* p = out.room(100);
  p[0] = 'c';
  p[1] = 'd';
  EXPECT_EQ(out.view(), "ab");  // room is not content
  out.commit(p + 2);
  EXPECT_EQ(out.view(), "abcd");
}

TEST(OutputBuffer, ClearKeepsTheMemoryAndReleaseFreesIt) {
  OutputBuffer out;
  out.append(std::string(5000, 'x'));
  const size_t capacity = out.capacity();
  out.clear();
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(out.capacity(), capacity);
  out.append("y");
  EXPECT_EQ(out.view(), "y");
  out.release();
  EXPECT_EQ(out.capacity(), 0u);
  EXPECT_EQ(out.view(), "");
  out.append("");  // nothing to copy, nothing allocated
  EXPECT_EQ(out.capacity(), 0u);
}

}  // namespace
}  // namespace cairn::api
