#include "api/shard_iterator.h"

#include <gtest/gtest.h>

namespace cairn::api {
namespace {

ShardIterator sample() {
  ShardIterator it;
  it.stream_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-11-25T09:39:02.894";
  it.shard_id = "shardId-00000001795599542894-1de363bd";
  it.position = 42;
  it.issued_ms = 1795599542894;
  return it;
}

TEST(ShardIteratorTest, RoundTrips) {
  auto decoded = decode_shard_iterator(encode_shard_iterator(sample()));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->stream_arn, sample().stream_arn);
  EXPECT_EQ(decoded->shard_id, sample().shard_id);
  EXPECT_EQ(decoded->position, 42u);
  EXPECT_EQ(decoded->issued_ms, 1795599542894);
}

TEST(ShardIteratorTest, RejectsWhatItDidNotIssue) {
  EXPECT_FALSE(decode_shard_iterator("sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg"));
  EXPECT_FALSE(decode_shard_iterator(""));
  std::string token = encode_shard_iterator(sample());
  token[10] = token[10] == 'A' ? 'B' : 'A';  // one character changed
  EXPECT_FALSE(decode_shard_iterator(token));
}

}  // namespace
}  // namespace cairn::api
