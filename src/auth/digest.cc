#include "auth/digest.h"

#include <openssl/crypto.h>

#include <cstring>

// The low-level SHA-256 calls are deprecated in OpenSSL 3 in favour of EVP, which is what
// makes them slow here (digest.h); they remain supported.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace cairn::auth {

Digest sha256(std::string_view data) {
  // Not the one-shot SHA256(), which OpenSSL 3 routes through an algorithm fetch.
  Digest out{};
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, data.data(), data.size());
  SHA256_Final(out.data(), &ctx);
  return out;
}

HmacKey::HmacKey(std::string_view key) {
  constexpr size_t kBlock = 64;
  std::array<unsigned char, kBlock> block{};
  if (key.size() > kBlock) {
    const Digest hashed = sha256(key);
    std::copy(hashed.begin(), hashed.end(), block.begin());
  } else {
    std::copy(key.begin(), key.end(), block.begin());
  }
  std::array<unsigned char, kBlock> pad{};
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x36;
  SHA256_Init(&inner_);
  SHA256_Update(&inner_, pad.data(), kBlock);
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x5c;
  SHA256_Init(&outer_);
  SHA256_Update(&outer_, pad.data(), kBlock);
  OPENSSL_cleanse(block.data(), kBlock);
  OPENSSL_cleanse(pad.data(), kBlock);
}

Digest HmacKey::sign(std::string_view data) const {
  Digest inner_hash{}, out{};
  SHA256_CTX ctx = inner_;
  SHA256_Update(&ctx, data.data(), data.size());
  SHA256_Final(inner_hash.data(), &ctx);
  ctx = outer_;
  SHA256_Update(&ctx, inner_hash.data(), inner_hash.size());
  SHA256_Final(out.data(), &ctx);
  return out;
}

Digest hmac_sha256(std::string_view key, std::string_view data) {
  return HmacKey(key).sign(data);
}

namespace {

// Each byte's two hex digits, so that a digest is written a byte (not a nibble) at a time.
constexpr std::array<std::array<char, 2>, 256> kByteDigits = [] {
  constexpr char kDigits[] = "0123456789abcdef";
  std::array<std::array<char, 2>, 256> table{};
  for (size_t b = 0; b < table.size(); ++b) table[b] = {kDigits[b >> 4], kDigits[b & 0xF]};
  return table;
}();

}  // namespace

void write_hex(const Digest& digest, char (&text)[2 * std::tuple_size_v<Digest>]) {
  for (size_t i = 0; i < digest.size(); ++i) {
    std::memcpy(text + 2 * i, kByteDigits[digest[i]].data(), 2);
  }
}

void append_hex(const Digest& digest, std::string& out) {
  char text[2 * std::tuple_size_v<Digest>];
  write_hex(digest, text);
  out.append(text, sizeof text);
}

std::string hex(const Digest& digest) {
  std::string out;
  append_hex(digest, out);
  return out;
}

std::string_view as_bytes(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace cairn::auth
