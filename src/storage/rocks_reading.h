// What reading a RocksDB database takes, shared by the live store (rocksdb_store.*) and a
// read-only snapshot of it (rocksdb_snapshot_store.*): status checks and bounded iterators
// (point-in-time reads are column_families.h's RocksSnapshot).
#pragma once

#include <rocksdb/db.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storage/kv_store.h"

namespace cairn::storage {

inline rocksdb::Slice slice(std::string_view s) {
  return {s.data(), s.size()};
}

[[noreturn]] inline void fail(const rocksdb::Status& s) {
  if (s.IsBusy() || s.IsTimedOut() || s.IsTryAgain() || s.IsDeadlock()) {
    throw ConflictError(s.ToString());
  }
  throw StorageError(s.ToString());
}

inline void check(const rocksdb::Status& s) {
  if (!s.ok()) fail(s);
}

inline std::optional<std::string> found(const rocksdb::Status& s, std::string& value) {
  if (s.IsNotFound()) return std::nullopt;
  check(s);
  return std::move(value);
}

class RocksIterator : public KvIterator {
 public:
  RocksIterator(rocksdb::DB* db, std::string lower, std::string upper,
                rocksdb::ColumnFamilyHandle* family)
      : lower_(std::move(lower)), upper_(std::move(upper)) {
    lower_slice_ = slice(lower_);
    upper_slice_ = slice(upper_);
    rocksdb::ReadOptions ro;
    // Uses the prefix bloom filters when both bounds share a prefix; same results as a
    // total-order iterator otherwise.
    ro.auto_prefix_mode = true;
    ro.iterate_lower_bound = &lower_slice_;
    if (!upper_.empty()) ro.iterate_upper_bound = &upper_slice_;
    it_.reset(db->NewIterator(ro, family));
  }
  void seek(std::string_view key) override { it_->Seek(slice(key)); }
  void seek_for_prev(std::string_view key) override { it_->SeekForPrev(slice(key)); }
  void seek_to_first() override { it_->SeekToFirst(); }
  void seek_to_last() override { it_->SeekToLast(); }
  bool valid() const override {
    if (it_->Valid()) return true;
    check(it_->status());
    return false;
  }
  void next() override { it_->Next(); }
  void prev() override { it_->Prev(); }
  std::string_view key() const override { return it_->key().ToStringView(); }
  std::string_view value() const override { return it_->value().ToStringView(); }

 private:
  std::string lower_, upper_;
  rocksdb::Slice lower_slice_, upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace cairn::storage
