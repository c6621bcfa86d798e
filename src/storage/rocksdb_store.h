// RocksDB implementation of KvStore: a pessimistic TransactionDB, so that writes lock
// their keys and a read-check-write under get_for_update is atomic.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "storage/disk_guard.h"
#include "storage/kv_store.h"

namespace rocksdb {
class Env;
class TransactionDB;
}  // namespace rocksdb

namespace cairn::storage {

class TransactionPool;  // rocksdb_store.cc

struct RocksDbOptions {
  std::string path;        // directory of the database
  bool in_memory = false;  // keep everything in RAM (same code path, a memory Env)
  bool sync = false;       // make_durable() also fsyncs the write-ahead log
  // Keys sharing their first bloom_prefix_length bytes get prefix bloom filters, and
  // iterators whose bounds share such a prefix skip files without it (0: none). The
  // layer above chooses the length from its key layout.
  size_t bloom_prefix_length = 0;
  // Writes stop while the disk has less free than this (disk_guard.h); 0: never.
  uint64_t disk_reserve_bytes = uint64_t{64} << 20;
  // Encryption at rest (encryption_keyring.h): the 32-byte master key of an encrypted
  // directory, or of a new one to encrypt; none for a plain one.
  std::optional<std::string> master_key = std::nullopt;
};

class RocksDbStore : public KvStore {
 public:
  // Opens (creating if needed) the database. Throws StorageError.
  explicit RocksDbStore(const RocksDbOptions& options);
  ~RocksDbStore() override;

  std::unique_ptr<KvTransaction> begin() override;
  std::optional<std::string> get(std::string_view key) override;
  void put(std::string_view key, std::string_view value) override;
  void remove(std::string_view key) override;
  std::unique_ptr<KvIterator> scan(std::string_view lower, std::string_view upper) override;
  void remove_range(std::string_view lower, std::string_view upper) override;
  std::unique_ptr<KvSnapshot> snapshot() override;
  void make_durable() override;
  void write_snapshot(const std::string& dir) override;
  std::unique_ptr<KvStore> open_snapshot(const std::string& dir) override;
  void remove_snapshot(const std::string& dir) override;

 private:
  rocksdb::Env* env() const;

  std::unique_ptr<rocksdb::Env> mem_env_;
  std::unique_ptr<rocksdb::Env> encrypted_env_;
  std::unique_ptr<rocksdb::TransactionDB> db_;
  bool sync_;
  DiskGuard guard_;
  // Every write up to this sequence number has been made durable by make_durable().
  std::atomic<uint64_t> durable_sequence_{0};
  // Finished transactions kept for reuse by begin() and the single-key writes.
  std::unique_ptr<TransactionPool> pool_;
};

}  // namespace cairn::storage
