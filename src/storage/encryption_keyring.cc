#include "storage/encryption_keyring.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/kv_store.h"

namespace cairn::storage {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kHeader = "cairn-encryption 1";
constexpr std::string_view kAad = "cairn data key v1";
constexpr size_t kNonce = 12, kTag = 16, kDataKey = 32;

std::string keyring_path(const std::string& dir) {
  return (fs::path(dir) / kKeyringFileName).string();
}

std::string to_hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < text.size(); i += 2) {
    int v = 0;
    for (int j = 0; j < 2; ++j) {
      const char c = text[i + j];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    out.push_back(static_cast<char>(v));
  }
  return out;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
    s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
  return s;
}

std::optional<std::string> base64_key(std::string_view s) {
  if (s.size() != 44 || s[43] != '=' || s[42] == '=') return std::nullopt;
  unsigned char out[48];
  // EVP_DecodeBlock counts the padding's zero byte: 44 characters with one '=' give 33.
  if (EVP_DecodeBlock(out, reinterpret_cast<const unsigned char*>(s.data()),
                      static_cast<int>(s.size())) != 33) {
    return std::nullopt;
  }
  return std::string(reinterpret_cast<char*>(out), kMasterKeyBytes);
}

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    throw StorageError("no secure random bytes for the data key");
  }
  return out;
}

void check_master(const std::string& master) {
  if (master.size() != kMasterKeyBytes) throw StorageError("the master key must be 32 bytes");
}

// nonce | ciphertext | tag, AES-256-GCM under the master key.
std::string wrap(const std::string& master, const std::string& data_key) {
  check_master(master);
  const std::string nonce = random_bytes(kNonce);
  std::string out = nonce + std::string(data_key.size() + kTag, '\0');
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  int len = 0;
  auto u = [](const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  auto* dst = reinterpret_cast<unsigned char*>(out.data() + kNonce);
  const bool ok =
      ctx && EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, u(master), u(nonce)) == 1 &&
      EVP_EncryptUpdate(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(kAad.data()),
                        static_cast<int>(kAad.size())) == 1 &&
      EVP_EncryptUpdate(ctx, dst, &len, u(data_key), static_cast<int>(data_key.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx, dst + len, &len) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTag, dst + data_key.size()) == 1;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) throw StorageError("cannot wrap the data key");
  return out;
}

std::optional<std::string> unwrap(const std::string& master, const std::string& wrapped) {
  check_master(master);
  if (wrapped.size() != kNonce + kDataKey + kTag) return std::nullopt;
  std::string key(kDataKey, '\0');
  std::string tag = wrapped.substr(kNonce + kDataKey);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  int len = 0;
  auto u = [](const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  const bool ok =
      ctx &&
      EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, u(master),
                         reinterpret_cast<const unsigned char*>(wrapped.data())) == 1 &&
      EVP_DecryptUpdate(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(kAad.data()),
                        static_cast<int>(kAad.size())) == 1 &&
      EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(key.data()), &len,
                        reinterpret_cast<const unsigned char*>(wrapped.data() + kNonce),
                        static_cast<int>(kDataKey)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTag, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(key.data()) + len, &len) == 1;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) return std::nullopt;
  return key;
}

// Writes the keyring durably: a temporary file, fsynced, then put in place and the directory
// fsynced. exclusive: only if there is none yet (link, which fails when one exists, so that
// two processes making a new directory at once cannot each publish a key of their own);
// returns false when another was there first. Otherwise it replaces the current one (rename).
bool write_keyring(const std::string& dir, const std::string& wrapped, bool exclusive) {
  const std::string path = keyring_path(dir);
  const std::string temporary = path + "." + std::to_string(::getpid()) + ".new";
  const std::string text = std::string(kHeader) + "\n" + to_hex(wrapped) + "\n";
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) throw StorageError("cannot write " + temporary);
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(temporary.c_str());
    throw StorageError("cannot write " + temporary);
  }
  bool placed = true;
  if (exclusive) {
    placed = ::link(temporary.c_str(), path.c_str()) == 0;
    const bool lost = !placed && errno == EEXIST;
    ::unlink(temporary.c_str());
    if (!placed && !lost) throw StorageError("cannot write " + path);
  } else if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    throw StorageError("cannot write " + path);
  }
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return placed;
}

std::string read_wrapped(const std::string& dir) {
  std::ifstream in(keyring_path(dir));
  std::string header, hex;
  std::getline(in, header);
  std::getline(in, hex);
  auto wrapped = from_hex(hex);
  if (header != kHeader || !wrapped || wrapped->size() != kNonce + kDataKey + kTag) {
    throw StorageError(keyring_path(dir) + " is damaged: the data directory cannot be opened");
  }
  return *wrapped;
}

bool holds_database(const std::string& dir) {
  std::error_code ec;
  return fs::exists(fs::path(dir) / "CURRENT", ec);
}

}  // namespace

std::string parse_master_key(std::string_view text, const std::string& source, bool raw_allowed) {
  // Raw bytes only from a file, and only when they do not read as text: 32 characters of a
  // passphrase or of hex are not a key of 32 random bytes.
  const bool textual =
      std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
  if (raw_allowed && text.size() == kMasterKeyBytes && !textual) return std::string(text);
  const std::string_view t = trimmed(text);
  if (t.size() == 2 * kMasterKeyBytes) {
    if (auto key = from_hex(t)) return *key;
  }
  if (auto key = base64_key(t)) return *key;
  throw StorageError(source +
                     " does not hold an encryption key: 32 bytes, as 64 hex digits, base64 or "
                     "raw (it has " +
                     std::to_string(text.size()) + " bytes)");
}

std::string new_master_key_hex() {
  return to_hex(random_bytes(kMasterKeyBytes));
}

void wipe(std::string& secret) {
  OPENSSL_cleanse(secret.data(), secret.size());
}

bool is_encrypted_dir(const std::string& dir) {
  std::error_code ec;
  return fs::exists(keyring_path(dir), ec);
}

DirectoryKind check_data_key(const std::string& dir, const std::optional<std::string>& master_key) {
  if (is_encrypted_dir(dir)) {
    if (!master_key) {
      throw StorageError(dir +
                         " is encrypted: give its key (--encryption-key-file, "
                         "CAIRN_ENCRYPTION_KEY or --encryption-key-command)");
    }
    if (!unwrap(*master_key, read_wrapped(dir))) {
      throw StorageError("the encryption key given does not open " + dir + " (wrong key)");
    }
    return DirectoryKind::kEncrypted;
  }
  if (!master_key) return DirectoryKind::kPlain;
  if (holds_database(dir)) {
    throw StorageError(dir +
                       " holds unencrypted data: an encryption key would mix the two; convert "
                       "it first (cairn encrypt)");
  }
  check_master(*master_key);
  return DirectoryKind::kNewEncrypted;
}

std::optional<std::string> open_data_key(const std::string& dir,
                                         const std::optional<std::string>& master_key,
                                         bool* created) {
  if (created) *created = false;
  switch (check_data_key(dir, master_key)) {
    case DirectoryKind::kPlain:
      return std::nullopt;
    case DirectoryKind::kEncrypted:
      return unwrap(*master_key, read_wrapped(dir));
    case DirectoryKind::kNewEncrypted:
      break;
  }
  std::string key = random_bytes(kDataKey);
  if (write_keyring(dir, wrap(*master_key, key), /*exclusive=*/true)) {
    if (created) *created = true;
    return key;
  }
  // Another process made the directory's keyring first: its key is the directory's.
  auto theirs = unwrap(*master_key, read_wrapped(dir));
  if (!theirs) throw StorageError("the encryption key given does not open " + dir + " (wrong key)");
  return theirs;
}

std::string create_data_key(const std::string& dir, const std::string& master_key) {
  check_master(master_key);
  if (is_encrypted_dir(dir) || holds_database(dir)) {
    throw StorageError(dir + " already holds a database");
  }
  std::string key = random_bytes(kDataKey);
  if (!write_keyring(dir, wrap(master_key, key), /*exclusive=*/true)) {
    throw StorageError(dir + " already holds a database");
  }
  return key;
}

void forget_new_data_key(const std::string& dir) {
  ::unlink(keyring_path(dir).c_str());
}

void rewrap_data_key(const std::string& dir, const std::string& old_master,
                     const std::string& new_master) {
  if (!is_encrypted_dir(dir)) throw StorageError(dir + " is not encrypted");
  auto key = unwrap(old_master, read_wrapped(dir));
  if (!key) throw StorageError("the encryption key given does not open " + dir + " (wrong key)");
  write_keyring(dir, wrap(new_master, *key), /*exclusive=*/false);
}

}  // namespace cairn::storage
