#include "storage/aes_ctr_provider.h"

#include <gtest/gtest.h>
#include <rocksdb/env_encryption.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "storage/encryption_keyring.h"
#include "storage/kv_store.h"

namespace cairn::storage {
namespace {

std::string unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

std::unique_ptr<rocksdb::BlockAccessCipherStream> stream_for(const std::string& key,
                                                             const std::string& counter) {
  auto provider = make_aes_ctr_provider(key);
  std::string prefix(provider->GetPrefixLength(), '\0');
  std::memcpy(prefix.data(), "CairnAES256CTRv1", 16);
  std::memcpy(prefix.data() + 16, counter.data(), 16);
  rocksdb::Slice slice(prefix);
  std::unique_ptr<rocksdb::BlockAccessCipherStream> stream;
  EXPECT_TRUE(provider->CreateCipherStream("f", rocksdb::EnvOptions(), slice, &stream).ok());
  return stream;
}

// NIST SP 800-38A, F.5.5 (CTR-AES256.Encrypt): the first two blocks.
TEST(AesCtrProvider, MatchesTheNistVector) {
  const std::string key = unhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
  auto stream = stream_for(key, unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"));
  std::string data = unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
  ASSERT_TRUE(stream->Encrypt(0, data.data(), data.size()).ok());
  EXPECT_EQ(data, unhex("601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"));
}

// RocksDB reads and writes files at any offset: every piece must match the whole.
TEST(AesCtrProvider, AnyOffsetDecryptsWhatTheWholeEncrypted) {
  const std::string key(32, 'k');
  auto stream = stream_for(key, std::string(15, '\xff') + "\xfe");  // the counter wraps
  std::string plain(10000, '\0');
  for (size_t i = 0; i < plain.size(); ++i) plain[i] = static_cast<char>(i * 7);
  std::string whole = plain;
  ASSERT_TRUE(stream->Encrypt(0, whole.data(), whole.size()).ok());
  EXPECT_NE(whole, plain);
  for (size_t offset : {0, 1, 15, 16, 17, 33, 4095, 4096, 5001}) {
    for (size_t length : {1, 15, 16, 17, 100, 3000}) {
      if (offset + length > plain.size()) continue;
      std::string piece = whole.substr(offset, length);
      ASSERT_TRUE(stream->Decrypt(offset, piece.data(), piece.size()).ok());
      EXPECT_EQ(piece, plain.substr(offset, length)) << offset << "+" << length;
    }
  }
}

// RocksDB reads one file from several threads at once: a stream must keep no cipher state.
TEST(AesCtrProvider, ThreadsDecryptingOneFileDoNotDisturbEachOther) {
  auto stream = stream_for(std::string(32, 'k'), std::string(16, '\x01'));
  std::string plain(1 << 16, '\0');
  for (size_t i = 0; i < plain.size(); ++i) plain[i] = static_cast<char>(i * 13);
  std::string whole = plain;
  ASSERT_TRUE(stream->Encrypt(0, whole.data(), whole.size()).ok());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const size_t offset = static_cast<size_t>((t * 7919 + i * 104729) % (plain.size() - 300));
        std::string piece = whole.substr(offset, 300);
        if (!stream->Decrypt(offset, piece.data(), piece.size()).ok() ||
            piece != plain.substr(offset, 300)) {
          ++wrong;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(AesCtrProvider, RefusesAFileItDidNotWrite) {
  auto provider = make_aes_ctr_provider(std::string(32, 'k'));
  std::string prefix(provider->GetPrefixLength(), 'x');
  rocksdb::Slice slice(prefix);
  std::unique_ptr<rocksdb::BlockAccessCipherStream> stream;
  EXPECT_TRUE(
      provider->CreateCipherStream("f", rocksdb::EnvOptions(), slice, &stream).IsCorruption());
}

TEST(EncryptionKeyring, OpensWithItsKeyOnlyAndRewraps) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "keyring-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string master(32, 'm'), other(32, 'o');
  EXPECT_FALSE(open_data_key(dir.string(), std::nullopt));
  const auto made = open_data_key(dir.string(), master);
  ASSERT_TRUE(made);
  EXPECT_EQ(made->size(), 32u);
  EXPECT_EQ(open_data_key(dir.string(), master), made);
  EXPECT_THROW(open_data_key(dir.string(), other), StorageError);
  EXPECT_THROW(open_data_key(dir.string(), std::nullopt), StorageError);
  rewrap_data_key(dir.string(), master, other);
  EXPECT_EQ(open_data_key(dir.string(), other), made);
  EXPECT_THROW(open_data_key(dir.string(), master), StorageError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cairn::storage
