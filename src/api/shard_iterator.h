// Shard iterators: the opaque tokens of GetShardIterator and GetRecords. A token names the
// stream, the shard, the sequence number to read next and when it was issued (iterators
// expire after 15 minutes, as DynamoDB's); a checksum makes a mangled token invalid rather
// than a read somewhere else.
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

std::string encode_shard_iterator(const ShardIterator& iterator);
// nullopt when text is not a token this server issued.
std::optional<ShardIterator> decode_shard_iterator(std::string_view text);

}  // namespace cairn::api
