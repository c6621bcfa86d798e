// A snapshot written by RocksDbStore::write_snapshot, opened read-only: the committed state
// of the store at that moment, read through the same KvStore interface (scan, get,
// snapshot); every write is refused with StorageError.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/kv_store.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class Env;
}  // namespace rocksdb

namespace cairn::storage {

struct ColumnFamilies;  // column_families.h

class RocksDbSnapshotStore : public KvStore {
 public:
  // env: the environment the snapshot was written through (its encryption); it must
  // outlive this store. appended_prefix: the live store's (its column families).
  // Throws StorageError.
  RocksDbSnapshotStore(const std::string& dir, rocksdb::Env* env,
                       const std::string& appended_prefix = "");
  ~RocksDbSnapshotStore() override;

  std::unique_ptr<KvTransaction> begin() override;
  std::optional<std::string> get(std::string_view key) override;
  void put(std::string_view key, std::string_view value) override;
  void remove(std::string_view key) override;
  void write_alone(std::string_view key, std::optional<std::string_view> value,
                   const std::function<std::pair<std::string, std::string>()>& record) override;
  std::unique_ptr<KvIterator> scan(std::string_view lower, std::string_view upper) override;
  void remove_range(std::string_view lower, std::string_view upper) override;
  std::unique_ptr<KvSnapshot> snapshot() override;
  void make_durable() override {}  // nothing is ever written
  void write_snapshot(const std::string& dir) override;
  std::unique_ptr<KvStore> open_snapshot(const std::string& dir) override;
  void remove_snapshot(const std::string& dir) override;

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<ColumnFamilies> families_;
};

}  // namespace cairn::storage
