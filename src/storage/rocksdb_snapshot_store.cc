#include "storage/rocksdb_snapshot_store.h"

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/options.h>

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

RocksDbSnapshotStore::RocksDbSnapshotStore(const std::string& dir, rocksdb::Env* env) {
  rocksdb::Options options;
  options.env = env;
  options.create_if_missing = false;
  // Its diagnostic log to stderr: never a LOG file written into the snapshot (a backup's,
  // maybe encrypted).
  options.info_log = std::make_shared<StderrLogger>("cairn: rocksdb (snapshot): ");
  rocksdb::DB* db = nullptr;
  check(rocksdb::DB::OpenForReadOnly(options, dir, &db));
  db_.reset(db);
}

RocksDbSnapshotStore::~RocksDbSnapshotStore() = default;

std::unique_ptr<KvTransaction> RocksDbSnapshotStore::begin() {
  refuse_write();
}

std::optional<std::string> RocksDbSnapshotStore::get(std::string_view key) {
  std::string v;
  return found(db_->Get(rocksdb::ReadOptions(), slice(key), &v), v);
}

void RocksDbSnapshotStore::put(std::string_view, std::string_view) {
  refuse_write();
}

void RocksDbSnapshotStore::remove(std::string_view) {
  refuse_write();
}

std::unique_ptr<KvIterator> RocksDbSnapshotStore::scan(std::string_view lower,
                                                       std::string_view upper) {
  return std::make_unique<RocksIterator>(db_.get(), std::string(lower), std::string(upper));
}

void RocksDbSnapshotStore::remove_range(std::string_view, std::string_view) {
  refuse_write();
}

std::unique_ptr<KvSnapshot> RocksDbSnapshotStore::snapshot() {
  return std::make_unique<RocksSnapshot>(db_.get());
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
