// RocksDB implementation of KvStore: a pessimistic TransactionDB, so that writes lock
// their keys and a read-check-write under get_for_update is atomic.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/disk_guard.h"
#include "storage/kv_store.h"

namespace rocksdb {
class ColumnFamilyHandle;
class Env;
class TransactionDB;
}  // namespace rocksdb

namespace cairn::storage {

struct ColumnFamilies;  // column_families.h
class TransactionPool;  // rocksdb_store.cc
struct OpenSettings;    // rocksdb_store.cc

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
  // Keys beginning with this (point-in-time recovery's change records: written in order,
  // dropped by range) live in a column family of their own (column_families.h); empty: none.
  std::string appended_prefix = {};
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
  void write_alone(std::string_view key, std::optional<std::string_view> value,
                   const std::function<std::pair<std::string, std::string>()>& record) override;
  std::unique_ptr<KvIterator> scan(std::string_view lower, std::string_view upper) override;
  void remove_range(std::string_view lower, std::string_view upper) override;
  std::unique_ptr<KvSnapshot> snapshot() override;
  void make_durable() override;
  void write_snapshot(const std::string& dir) override;
  std::unique_ptr<KvStore> open_snapshot(const std::string& dir) override;
  void remove_snapshot(const std::string& dir) override;

  // Images of the whole database (database_image.h). side_dirs: the directories under the
  // database's (names relative to it) whose trees belong to the database too (snapshots
  // of backups). write_image: the database as of now, and those trees, into dir, stamped
  // with made_ms; image_made_ms: that stamp, none when dir holds no complete image.
  void write_image(const std::string& dir, const std::vector<std::string>& side_dirs,
                   int64_t made_ms);
  std::optional<int64_t> image_made_ms(const std::string& dir) const;
  // The database and those trees become the image in dir; the store is closed and opened
  // again meanwhile, so nothing may use it (no transaction, iterator or snapshot may be
  // held) until this returns. Throws StorageError.
  void reset_to_image(const std::string& dir, const std::vector<std::string>& side_dirs);
  // False only after a reset that could neither finish nor open the database again.
  bool is_open() const;
  // The names in dir, and removal of a tree, through the database's file system (memory
  // with in_memory).
  std::vector<std::string> list_directory(const std::string& dir) const;
  void remove_directory(const std::string& dir);

 private:
  rocksdb::Env* env() const;
  void open();
  void close();
  void move_appended_keys_out_of_default();

  std::unique_ptr<OpenSettings> settings_;
  std::unique_ptr<rocksdb::Env> mem_env_;
  std::unique_ptr<rocksdb::Env> encrypted_env_;
  std::unique_ptr<rocksdb::TransactionDB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // the default's, then appended's
  std::unique_ptr<ColumnFamilies> families_;
  bool sync_;
  DiskGuard guard_;
  // Every write up to this sequence number has been made durable by make_durable().
  std::atomic<uint64_t> durable_sequence_{0};
  // Finished transactions kept for reuse by begin() and the single-key writes.
  std::unique_ptr<TransactionPool> pool_;
};

}  // namespace cairn::storage
