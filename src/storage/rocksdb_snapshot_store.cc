#include "storage/rocksdb_snapshot_store.h"

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/options.h>

#include "storage/column_families.h"
#include "storage/rocks_reading.h"
#include "storage/stderr_logger.h"

#include <cstdarg>
#include <cstdio>

namespace cairn::storage {
namespace {

[[noreturn]] void refuse_write() {
  throw StorageError("a snapshot is read-only");
}

}  // namespace

RocksDbSnapshotStore::RocksDbSnapshotStore(const std::string& dir, rocksdb::Env* env,
                                           const std::string& appended_prefix)
    : families_(std::make_unique<ColumnFamilies>()) {
  rocksdb::Options options;
  options.env = env;
  options.create_if_missing = false;
  // Its diagnostic log to stderr: never a LOG file written into the snapshot (a backup's,
  // maybe encrypted).
  options.info_log = std::make_shared<StderrLogger>("cairn: rocksdb (snapshot): ");
  // Every column family the snapshot has (one, in a snapshot older than the appended one).
  std::vector<std::string> names;
  check(rocksdb::DB::ListColumnFamilies(options, dir, &names));
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions(options));
  }
  rocksdb::DB* db = nullptr;
  check(rocksdb::DB::OpenForReadOnly(options, dir, descriptors, &handles_, &db));
  db_.reset(db);
  families_->db = db;
  families_->prefix = appended_prefix;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == kAppendedColumnFamily && !appended_prefix.empty()) {
      families_->appended = handles_[i];
    }
  }
}

RocksDbSnapshotStore::~RocksDbSnapshotStore() {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
}

std::unique_ptr<KvTransaction> RocksDbSnapshotStore::begin() {
  refuse_write();
}

std::optional<std::string> RocksDbSnapshotStore::get(std::string_view key) {
  std::string v;
  return found(db_->Get(rocksdb::ReadOptions(), families_->of(key), slice(key), &v), v);
}

void RocksDbSnapshotStore::put(std::string_view, std::string_view) {
  refuse_write();
}

void RocksDbSnapshotStore::remove(std::string_view) {
  refuse_write();
}

void RocksDbSnapshotStore::write_alone(
    std::string_view, std::optional<std::string_view>,
    const std::function<std::pair<std::string, std::string>()>&) {
  refuse_write();
}

std::unique_ptr<KvIterator> RocksDbSnapshotStore::scan(std::string_view lower,
                                                       std::string_view upper) {
  return families_->scan(std::string(lower), std::string(upper));
}

void RocksDbSnapshotStore::remove_range(std::string_view, std::string_view) {
  refuse_write();
}

std::unique_ptr<KvSnapshot> RocksDbSnapshotStore::snapshot() {
  return std::make_unique<RocksSnapshot>(*families_);
}

void RocksDbSnapshotStore::write_snapshot(const std::string&) {
  refuse_write();
}

std::unique_ptr<KvStore> RocksDbSnapshotStore::open_snapshot(const std::string&) {
  throw StorageError("a snapshot holds no snapshots");
}

void RocksDbSnapshotStore::remove_snapshot(const std::string&) {
  refuse_write();
}

}  // namespace cairn::storage
