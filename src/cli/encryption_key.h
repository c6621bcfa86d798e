// Where the master key of encryption at rest comes from: a file (--encryption-key-file), a
// command whose standard output is the key (--encryption-key-command, the way a KMS or a
// secret manager plugs in), or the environment (CAIRN_ENCRYPTION_KEY). The key is 32 bytes,
// written as 64 hex digits, as base64, or as the raw bytes; anything else (a truncated file,
// an empty output) is refused, never padded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cairn::cli {

// The 32 bytes text stands for; throws std::runtime_error naming source.
std::string parse_master_key(std::string_view text, const std::string& source);
std::string master_key_from_file(const std::string& path);
std::string master_key_from_command(const std::string& command);
// CAIRN_ENCRYPTION_KEY, if set.
std::optional<std::string> master_key_from_environment();

// A fresh random key, as 64 hex digits (cairn encryption-key).
std::string new_master_key_hex();

}  // namespace cairn::cli
