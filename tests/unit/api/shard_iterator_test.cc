#include "api/shard_iterator.h"

#include <gtest/gtest.h>

#include <string>

#include "api/base64.h"

namespace cairn::api {
namespace {

const std::string kSecret(32, 's');

ShardIterator sample() {
  ShardIterator it;
  it.stream_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-11-25T09:39:02.894";
  it.shard_id = "shardId-00000001795599542894-1de363bd";
  it.position = 42;
  it.issued_ms = 1795599542894;
  return it;
}

TEST(ShardIteratorTest, RoundTrips) {
  auto decoded = decode_shard_iterator(encode_shard_iterator(sample(), kSecret), kSecret);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->stream_arn, sample().stream_arn);
  EXPECT_EQ(decoded->shard_id, sample().shard_id);
  EXPECT_EQ(decoded->position, 42u);
  EXPECT_EQ(decoded->issued_ms, 1795599542894);
}

TEST(ShardIteratorTest, RejectsWhatItDidNotIssue) {
  EXPECT_FALSE(
      decode_shard_iterator("sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg", kSecret));
  EXPECT_FALSE(decode_shard_iterator("", kSecret));
  std::string token = encode_shard_iterator(sample(), kSecret);
  for (size_t i = 0; i < token.size(); i += 7) {
    std::string changed = token;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';  // one character changed
    EXPECT_FALSE(decode_shard_iterator(changed, kSecret)) << i;
  }
}

TEST(ShardIteratorTest, ATokenSignedWithAnotherSecretIsRefused) {
  const std::string other(32, 'o');
  EXPECT_FALSE(decode_shard_iterator(encode_shard_iterator(sample(), other), kSecret));
}

TEST(ShardIteratorTest, AnUnkeyedTokenOfVersionOneIsRefused) {
  // What version 1 issued: the fields and an FNV-1a checksum anyone can compute.
  std::string body = "1|" + sample().stream_arn + "|" + sample().shard_id + "|42|253402300799999";
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : body) h = (h ^ c) * 0x100000001b3ULL;
  body += "|" + std::to_string(h);
  std::string token;
  base64_encode(body, token);
  EXPECT_FALSE(decode_shard_iterator(token, kSecret));
}

TEST(ShardIteratorTest, IssueTimesOutsideTheCalendarAreRefusedEvenWhenSigned) {
  ShardIterator it = sample();
  it.issued_ms = INT64_MIN;
  EXPECT_FALSE(decode_shard_iterator(encode_shard_iterator(it, kSecret), kSecret));
  it.issued_ms = -1;
  EXPECT_FALSE(decode_shard_iterator(encode_shard_iterator(it, kSecret), kSecret));
  it.issued_ms = 253402300800000;  // year 10000
  EXPECT_FALSE(decode_shard_iterator(encode_shard_iterator(it, kSecret), kSecret));
  it.issued_ms = 253402300799999;
  EXPECT_TRUE(decode_shard_iterator(encode_shard_iterator(it, kSecret), kSecret));
}

}  // namespace
}  // namespace cairn::api
