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

enum class DirectoryKind { kPlain, kEncrypted, kNewEncrypted };

// What the directory is, with this key (or none), touching nothing. Throws StorageError: the
// directory is encrypted but no key is given, or the key does not open it, or it holds
// unencrypted data and a key is given, or its keyring is damaged.
DirectoryKind check_data_key(const std::string& dir, const std::optional<std::string>& master_key);

// The data key of the directory (nullopt: it is not encrypted), after check_data_key's
// refusals. With a master key, a new directory becomes an encrypted one: its keyring is
// written (created is then set), unless another process wrote one first, whose key it uses.
std::optional<std::string> open_data_key(const std::string& dir,
                                         const std::optional<std::string>& master_key,
                                         bool* created = nullptr);
// Removes the keyring open_data_key just created, when the database could not be made.
void forget_new_data_key(const std::string& dir);

// Makes dir an encrypted directory with a fresh data key (it must hold no database yet).
std::string create_data_key(const std::string& dir, const std::string& master_key);

// Re-wraps the directory's data key under new_master (the old key must open it).
void rewrap_data_key(const std::string& dir, const std::string& old_master,
                     const std::string& new_master);

bool is_encrypted_dir(const std::string& dir);

// Overwrites key material before it is let go.
void wipe(std::string& secret);

// The forms a master key is written in: 32 bytes as 64 hex digits, as base64, or (from a
// file, raw_allowed) as the raw bytes when they do not read as text. Returns the 32 bytes, or
// throws StorageError naming source; nothing else (a truncated file, a passphrase) is
// accepted, never padded.
std::string parse_master_key(std::string_view text, const std::string& source,
                             bool raw_allowed = false);
// A fresh random master key, as 64 hex digits.
std::string new_master_key_hex();

}  // namespace cairn::storage
