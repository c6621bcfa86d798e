// Seals a secret for storage: AES-256-GCM under a 32-byte key, with a fresh random nonce,
// so that a stored access key's secret is never plain text and any change to it is found.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cairn::auth {

constexpr size_t kSealKeyBytes = 32;

// nonce (12 B) + ciphertext + tag (16 B).
std::string seal(std::string_view key, std::string_view plaintext);
// The plaintext, or nullopt when the box was changed or sealed under another key.
std::optional<std::string> open_sealed(std::string_view key, std::string_view box);

}  // namespace cairn::auth
