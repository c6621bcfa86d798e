// The store's two column families: the default one, and "appended" for the keys that
// begin with one prefix (point-in-time recovery's change records), which are written in
// increasing order, read rarely and dropped by range. Apart, they no longer share a
// memtable with the items (whose inserts they interleaved with, costing each insert its
// search) or table files (so compactions do not rewrite them with the items, and, being in
// order, their files mostly move down the levels untouched). Shared by the live store and
// its read-only snapshots.
#pragma once

#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <string_view>

#include "storage/kv_store.h"
#include "storage/rocks_reading.h"

namespace cairn::storage {

constexpr const char* kAppendedColumnFamily = "appended";

// The appended column family's options, from the store's: its keys come in increasing order
// and are read by range only, so its table files need no Bloom filter, and one compression
// for every level (RocksDB moves a file down a level without rewriting it only when the
// levels compress alike) lets its flushed files move down untouched instead of being
// rewritten at each level. No compression: a record is compressed nowhere else either,
// and compressing each at its flush costs about as much as the flush. XXH3 checksums: the
// CRC32C of RocksDB's portable build is its slowest part.
rocksdb::ColumnFamilyOptions appended_family_options(const rocksdb::Options& store);

struct ColumnFamilies {
  rocksdb::DB* db = nullptr;
  rocksdb::ColumnFamilyHandle* appended = nullptr;  // nullptr: everything is in the default
  std::string prefix;                               // of the keys kept in appended

  rocksdb::ColumnFamilyHandle* of(std::string_view key) const {
    return appended && key.starts_with(prefix) ? appended : db->DefaultColumnFamily();
  }
  // The first key past every key of the prefix ("" when there is none).
  std::string prefix_end() const;
  // The column families a range [lower, upper) reaches (upper empty: no end).
  bool reaches_appended(std::string_view lower, std::string_view upper) const;
  bool reaches_default(std::string_view lower, std::string_view upper) const;
  std::unique_ptr<KvIterator> scan(std::string lower, std::string upper) const;
};

// A point-in-time read of both column families.
class RocksSnapshot : public KvSnapshot {
 public:
  explicit RocksSnapshot(const ColumnFamilies& families)
      : families_(families), snapshot_(families.db->GetSnapshot()) {}
  ~RocksSnapshot() override { families_.db->ReleaseSnapshot(snapshot_); }
  std::optional<std::string> get(std::string_view key) override {
    rocksdb::ReadOptions ro;
    ro.snapshot = snapshot_;
    std::string v;
    return found(families_.db->Get(ro, families_.of(key), slice(key), &v), v);
  }

 private:
  const ColumnFamilies families_;  // a copy: the handles outlive the snapshot
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace cairn::storage
