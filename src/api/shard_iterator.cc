#include "api/shard_iterator.h"

#include <charconv>
#include <vector>

#include "api/base64.h"

namespace cairn::api {
namespace {

constexpr std::string_view kVersion = "1";
constexpr char kSeparator = '|';

uint64_t checksum(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::string encode_shard_iterator(const ShardIterator& it) {
  std::string body(kVersion);
  for (const std::string& part :
       {it.stream_arn, it.shard_id, std::to_string(it.position), std::to_string(it.issued_ms)}) {
    body += kSeparator;
    body += part;
  }
  const uint64_t sum = checksum(body);
  body += kSeparator;
  body += std::to_string(sum);
  std::string out;
  base64_encode(body, out);
  return out;
}

std::optional<ShardIterator> decode_shard_iterator(std::string_view text) {
  std::string body;
  if (!base64_decode(text, body)) return std::nullopt;
  std::vector<std::string_view> parts;
  std::string_view rest = body;
  for (size_t pos; (pos = rest.find(kSeparator)) != std::string_view::npos;) {
    parts.push_back(rest.substr(0, pos));
    rest.remove_prefix(pos + 1);
  }
  parts.push_back(rest);
  if (parts.size() != 6 || parts[0] != kVersion) return std::nullopt;
  uint64_t sum = 0;
  const std::string_view signed_part(body.data(), body.size() - parts[5].size() - 1);
  if (!parse_number(parts[5], sum) || sum != checksum(signed_part)) return std::nullopt;
  ShardIterator it;
  it.stream_arn = std::string(parts[1]);
  it.shard_id = std::string(parts[2]);
  if (!parse_number(parts[3], it.position) || !parse_number(parts[4], it.issued_ms)) {
    return std::nullopt;
  }
  return it;
}

}  // namespace cairn::api
