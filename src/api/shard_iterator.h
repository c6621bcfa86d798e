// Shard iterators: the opaque tokens of GetShardIterator and GetRecords. A token names the
// stream, the shard, the sequence number to read next and when it was issued (iterators
// expire after 15 minutes, as DynamoDB's). It is signed with the server's token secret
// (HMAC-SHA-256, engine/server_secret.h), so a client can neither forge one (say, one
// issued in the year 9999, which would never expire) nor move one to another stream; a
// token whose signature or fields do not hold is invalid, not a read somewhere else.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cairn::api {

struct ShardIterator {
  std::string stream_arn;
  std::string shard_id;
  uint64_t position = 0;  // the next sequence number to read
  int64_t issued_ms = 0;
};

constexpr int64_t kShardIteratorLifetimeMs = 15 * 60 * 1000;

std::string encode_shard_iterator(const ShardIterator& iterator, std::string_view secret);
// nullopt when text is not a token this server issued: not signed with secret, or with a
// field out of range (an issue time before 1970 or after 9999).
std::optional<ShardIterator> decode_shard_iterator(std::string_view text, std::string_view secret);

}  // namespace cairn::api
