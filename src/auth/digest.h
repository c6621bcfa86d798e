// The hashes SigV4 is built from: SHA-256 and HMAC-SHA256 (OpenSSL), and hex.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace cairn::auth {

using Digest = std::array<unsigned char, 32>;

Digest sha256(std::string_view data);
Digest hmac_sha256(std::string_view key, std::string_view data);
std::string hex(const Digest& digest);
std::string_view as_bytes(const Digest& digest);
// Compares without revealing, through timing, where two strings first differ.
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace cairn::auth
