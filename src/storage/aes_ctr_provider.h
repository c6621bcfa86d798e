// Encryption of every file RocksDB writes (tables, write-ahead logs, manifests, options),
// through RocksDB's encrypted environment with a provider of our own: AES-256 in counter
// mode on OpenSSL (RocksDB's built-in CTR provider takes a block cipher object per block,
// and ships only ROT13 as one). Each file starts with a plaintext prefix holding a marker
// and a random 16-byte initial counter; the rest is the file's bytes XORed with AES-CTR's
// keystream at their offset, so RocksDB can read and write anywhere in a file. CTR alone
// authenticates nothing: RocksDB's own block checksums catch corruption (decision 0029).
#pragma once

#include <memory>
#include <string>

namespace rocksdb {
class EncryptionProvider;
class Env;
}  // namespace rocksdb

namespace cairn::storage {

// The provider for this 32-byte data key.
std::shared_ptr<rocksdb::EncryptionProvider> make_aes_ctr_provider(const std::string& data_key);

// An Env over the default one whose files are encrypted with the data key.
std::unique_ptr<rocksdb::Env> make_encrypted_env(const std::string& data_key);

}  // namespace cairn::storage
