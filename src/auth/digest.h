// The hashes SigV4 is built from: SHA-256 and HMAC-SHA256, and hex. OpenSSL's low-level
// SHA-256 is used because its state is a plain struct: an HMAC key's inner and outer states
// are computed once and copied per message, with no per-call algorithm fetch or allocation
// (the EVP interface of OpenSSL 3 costs microseconds per call; bench/auth.sh).
#pragma once

#include <openssl/sha.h>

#include <array>
#include <string>
#include <string_view>

namespace cairn::auth {

using Digest = std::array<unsigned char, 32>;

Digest sha256(std::string_view data);

// An HMAC-SHA256 key, ready to sign many messages.
class HmacKey {
 public:
  explicit HmacKey(std::string_view key);
  Digest sign(std::string_view data) const;

 private:
  SHA256_CTX inner_;
  SHA256_CTX outer_;
};

Digest hmac_sha256(std::string_view key, std::string_view data);
std::string hex(const Digest& digest);
// The same, appended to out (no string of its own).
void append_hex(const Digest& digest, std::string& out);
// The same, written into a buffer of exactly its size.
void write_hex(const Digest& digest, char (&text)[2 * std::tuple_size_v<Digest>]);
std::string_view as_bytes(const Digest& digest);
// Compares without revealing, through timing, where two strings first differ.
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace cairn::auth
