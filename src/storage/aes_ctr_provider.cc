#include "storage/aes_ctr_provider.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <rocksdb/env.h>
#include <rocksdb/env_encryption.h>

#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace cairn::storage {
namespace {

using rocksdb::Slice;
using rocksdb::Status;

constexpr char kMarker[] = "CairnAES256CTRv1";  // 16 bytes, then the initial counter
constexpr size_t kMarkerSize = 16;
constexpr size_t kCounterSize = 16;
// Files keep their data 4 KB-aligned after the prefix (as RocksDB's own CTR provider does).
constexpr size_t kPrefixSize = 4096;

// The data key, shared by every file's stream, wiped when the last one lets go.
struct DataKey {
  explicit DataKey(std::string k) : bytes(std::move(k)) {}
  ~DataKey() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
  std::string bytes;
};

// AES-256-CTR at any byte offset: the counter block is the file's initial counter plus
// offset / 16, and the keystream starts offset % 16 bytes into that block. RocksDB reads one
// file from several threads at once, so a stream keeps no cipher state: each call uses its
// thread's own context.
class CtrStream : public rocksdb::BlockAccessCipherStream {
 public:
  CtrStream(std::shared_ptr<const DataKey> key, const unsigned char* counter)
      : key_(std::move(key)) {
    std::memcpy(counter_, counter, kCounterSize);
  }

  size_t BlockSize() override { return 16; }

  Status Encrypt(uint64_t offset, char* data, size_t size) override {
    return apply(offset, data, size);
  }
  Status Decrypt(uint64_t offset, char* data, size_t size) override {
    return apply(offset, data, size);
  }

 protected:
  void AllocateScratch(std::string&) override {}
  Status EncryptBlock(uint64_t block, char* data, char*) override {
    return apply(block * 16, data, 16);
  }
  Status DecryptBlock(uint64_t block, char* data, char*) override {
    return apply(block * 16, data, 16);
  }

 private:
  static EVP_CIPHER_CTX* thread_context() {
    struct Owner {
      EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
      ~Owner() { EVP_CIPHER_CTX_free(ctx); }
    };
    thread_local Owner owner;
    return owner.ctx;
  }

  Status apply(uint64_t offset, char* data, size_t size) const {
    if (size == 0) return Status::OK();
    EVP_CIPHER_CTX* ctx = thread_context();
    if (!ctx) return Status::IOError("no cipher context");
    unsigned char iv[kCounterSize];
    std::memcpy(iv, counter_, kCounterSize);
    // iv += offset / 16, as a 128-bit big-endian number.
    uint64_t add = offset / 16;
    for (int i = static_cast<int>(kCounterSize) - 1; i >= 0 && add != 0; --i) {
      const uint64_t sum = iv[i] + (add & 0xff);
      iv[i] = static_cast<unsigned char>(sum);
      add = (add >> 8) + (sum >> 8);
    }
    if (EVP_EncryptInit_ex(ctx, EVP_aes_256_ctr(), nullptr,
                           reinterpret_cast<const unsigned char*>(key_->bytes.data()), iv) != 1) {
      return Status::IOError("AES-CTR init failed");
    }
    int out = 0;
    const size_t skip = offset % 16;
    if (skip != 0) {
      unsigned char discard[16] = {};
      if (EVP_EncryptUpdate(ctx, discard, &out, discard, static_cast<int>(skip)) != 1) {
        return Status::IOError("AES-CTR failed");
      }
    }
    auto* bytes = reinterpret_cast<unsigned char*>(data);
    while (size > 0) {
      const int chunk = static_cast<int>(std::min<size_t>(size, 1 << 30));
      if (EVP_EncryptUpdate(ctx, bytes, &out, bytes, chunk) != 1) {
        return Status::IOError("AES-CTR failed");
      }
      bytes += chunk;
      size -= static_cast<size_t>(chunk);
    }
    return Status::OK();
  }

  std::shared_ptr<const DataKey> key_;
  unsigned char counter_[kCounterSize];
};

class AesCtrProvider : public rocksdb::EncryptionProvider {
 public:
  explicit AesCtrProvider(std::string key) : key_(std::make_shared<const DataKey>(std::move(key))) {
    if (key_->bytes.size() != 32) throw std::invalid_argument("an AES-256 key is 32 bytes");
  }

  const char* Name() const override { return "CairnAES256CTR"; }
  size_t GetPrefixLength() const override { return kPrefixSize; }

  Status CreateNewPrefix(const std::string&, char* prefix, size_t length) const override {
    if (length < kMarkerSize + kCounterSize) return Status::InvalidArgument("prefix too short");
    std::memset(prefix, 0, length);
    std::memcpy(prefix, kMarker, kMarkerSize);
    // The kernel's CSPRNG, not OpenSSL's RAND_bytes: RocksDB creates files on its own
    // long-lived threads, and OpenSSL would give each of them a DRBG of its own that is
    // only freed when the thread ends (which LeakSanitizer then reports at exit).
    char* counter = prefix + kMarkerSize;
    for (size_t filled = 0; filled < kCounterSize;) {
      const ssize_t n = getrandom(counter + filled, kCounterSize - filled, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return Status::IOError("no secure random bytes for a file's counter");
      filled += static_cast<size_t>(n);
    }
    return Status::OK();
  }

  Status AddCipher(const std::string&, const char*, size_t, bool) override {
    return Status::NotSupported("the data key is given at construction");
  }

  Status CreateCipherStream(const std::string& fname, const rocksdb::EnvOptions&, Slice& prefix,
                            std::unique_ptr<rocksdb::BlockAccessCipherStream>* result) override {
    if (prefix.size() < kMarkerSize + kCounterSize ||
        std::memcmp(prefix.data(), kMarker, kMarkerSize) != 0) {
      return Status::Corruption("not encrypted by Cairn (or with another format): " + fname);
    }
    *result = std::make_unique<CtrStream>(
        key_, reinterpret_cast<const unsigned char*>(prefix.data() + kMarkerSize));
    return Status::OK();
  }

 private:
  std::shared_ptr<const DataKey> key_;
};

}  // namespace

std::shared_ptr<rocksdb::EncryptionProvider> make_aes_ctr_provider(const std::string& data_key) {
  return std::make_shared<AesCtrProvider>(data_key);
}

std::unique_ptr<rocksdb::Env> make_encrypted_env(const std::string& data_key) {
  return std::unique_ptr<rocksdb::Env>(
      rocksdb::NewEncryptedEnv(rocksdb::Env::Default(), make_aes_ctr_provider(data_key)));
}

}  // namespace cairn::storage
