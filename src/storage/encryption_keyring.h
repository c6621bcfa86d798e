// The key of an encrypted data directory: a random 32-byte data key, which encrypts every
// file RocksDB writes (aes_ctr_provider.h), kept in DIR/ENCRYPTION wrapped (AES-256-GCM)
// by the master key the operator gives. Rotating the master key re-wraps the data key and
// rewrites nothing else. Whether a directory is encrypted, and whether the key given opens
// it, is decided here before RocksDB touches the directory, so that a refusal changes
// nothing on disk, and an encrypted directory is never opened as a plain one (or the
// reverse).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cairn::storage {

constexpr const char* kKeyringFileName = "ENCRYPTION";
constexpr size_t kMasterKeyBytes = 32;

// The data key of the directory (nullopt: it is not encrypted). With a master key, a new
// directory becomes an encrypted one (its keyring is written). Throws StorageError: the
// directory is encrypted but no key is given, or the key does not open it, or it holds
// unencrypted data and a key is given, or its keyring is damaged.
std::optional<std::string> open_data_key(const std::string& dir,
                                         const std::optional<std::string>& master_key);

// Makes dir an encrypted directory with a fresh data key (it must hold no database yet).
std::string create_data_key(const std::string& dir, const std::string& master_key);

// Re-wraps the directory's data key under new_master (the old key must open it).
void rewrap_data_key(const std::string& dir, const std::string& old_master,
                     const std::string& new_master);

bool is_encrypted_dir(const std::string& dir);

// The forms a master key is written in: 32 bytes as 64 hex digits, as base64, or raw. Returns
// the 32 bytes, or throws StorageError naming source; nothing else (a truncated file) is
// accepted, never padded.
std::string parse_master_key(std::string_view text, const std::string& source);
// A fresh random master key, as 64 hex digits.
std::string new_master_key_hex();

}  // namespace cairn::storage
