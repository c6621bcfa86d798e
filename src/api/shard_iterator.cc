#include "api/shard_iterator.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <vector>

#include "api/base64.h"

namespace cairn::api {
namespace {

// Version 1 carried an unkeyed checksum; its tokens are no longer accepted.
constexpr std::string_view kVersion = "2";
constexpr char kSeparator = '|';
constexpr size_t kSignatureBytes = 32;  // SHA-256
// The latest issue time a token may carry: the last millisecond of the year 9999.
constexpr int64_t kLatestIssueMs = 253402300799999;

std::string signature(std::string_view signed_part, std::string_view secret) {
  std::string out(kSignatureBytes, '\0');
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(),
       reinterpret_cast<unsigned char*>(out.data()), &length);
  out.resize(length);
  return out;
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::string encode_shard_iterator(const ShardIterator& it, std::string_view secret) {
  std::string body(kVersion);
  for (const std::string& part :
       {it.stream_arn, it.shard_id, std::to_string(it.position), std::to_string(it.issued_ms)}) {
    body += kSeparator;
    body += part;
  }
  body += kSeparator;
  body += signature(body, secret);  // binary, last: the fields before it hold no separator
  std::string out;
  base64_encode(body, out);
  return out;
}

std::optional<ShardIterator> decode_shard_iterator(std::string_view text, std::string_view secret) {
  std::string body;
  if (!base64_decode(text, body) || body.size() < kSignatureBytes + 1) return std::nullopt;
  const std::string_view signed_part(body.data(), body.size() - kSignatureBytes);
  const std::string expected = signature(signed_part, secret);
  if (expected.size() != kSignatureBytes ||
      CRYPTO_memcmp(expected.data(), body.data() + signed_part.size(), kSignatureBytes) != 0) {
    return std::nullopt;
  }
  std::vector<std::string_view> parts;
  std::string_view rest = signed_part.substr(0, signed_part.size() - 1);  // its separator
  if (signed_part.back() != kSeparator) return std::nullopt;
  for (size_t pos; (pos = rest.find(kSeparator)) != std::string_view::npos;) {
    parts.push_back(rest.substr(0, pos));
    rest.remove_prefix(pos + 1);
  }
  parts.push_back(rest);
  if (parts.size() != 5 || parts[0] != kVersion) return std::nullopt;
  ShardIterator it;
  it.stream_arn = std::string(parts[1]);
  it.shard_id = std::string(parts[2]);
  if (!parse_number(parts[3], it.position) || !parse_number(parts[4], it.issued_ms) ||
      it.issued_ms < 0 || it.issued_ms > kLatestIssueMs) {
    return std::nullopt;
  }
  return it;
}

}  // namespace cairn::api
