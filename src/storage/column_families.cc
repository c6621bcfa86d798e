#include "storage/column_families.h"

#include <rocksdb/table.h>

namespace cairn::storage {
namespace {

// The first key past every key beginning with prefix ("" when there is none).
std::string successor_of_prefix(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xff) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

// Two iterators over disjoint key sets, read as one in key order. Only forwards: the scans
// that span both column families (a whole-store copy, an emptiness check) read forwards.
class MergedIterator : public KvIterator {
 public:
  MergedIterator(std::unique_ptr<KvIterator> a, std::unique_ptr<KvIterator> b)
      : a_(std::move(a)), b_(std::move(b)) {}
  void seek(std::string_view key) override {
    a_->seek(key);
    b_->seek(key);
  }
  void seek_for_prev(std::string_view) override { backwards(); }
  void seek_to_first() override {
    a_->seek_to_first();
    b_->seek_to_first();
  }
  void seek_to_last() override { backwards(); }
  bool valid() const override { return a_->valid() || b_->valid(); }
  void next() override { current().next(); }
  void prev() override { backwards(); }
  std::string_view key() const override { return current().key(); }
  std::string_view value() const override { return current().value(); }

 private:
  [[noreturn]] static void backwards() {
    throw StorageError("a scan across both column families reads forwards only");
  }
  KvIterator& current() const {
    if (!a_->valid()) return *b_;
    if (!b_->valid()) return *a_;
    return a_->key() <= b_->key() ? *a_ : *b_;
  }
  std::unique_ptr<KvIterator> a_, b_;
};

}  // namespace

rocksdb::ColumnFamilyOptions appended_family_options(const rocksdb::Options& store) {
  rocksdb::ColumnFamilyOptions options(store);
  options.compression_per_level.clear();
  options.compression = rocksdb::kNoCompression;
  options.bottommost_compression = rocksdb::kDisableCompressionOption;
  options.prefix_extractor.reset();
  rocksdb::BlockBasedTableOptions table;
  if (const auto* shared = store.table_factory
                               ? store.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>()
                               : nullptr) {
    table = *shared;  // the same block cache
  }
  table.filter_policy.reset();
  table.checksum = rocksdb::kXXH3;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

std::string ColumnFamilies::prefix_end() const {
  return successor_of_prefix(prefix);
}

bool ColumnFamilies::reaches_appended(std::string_view lower, std::string_view upper) const {
  if (!appended) return false;
  const std::string end = prefix_end();
  const bool before = !upper.empty() && upper <= prefix;
  const bool after = !end.empty() && lower >= end;
  return !before && !after;
}

bool ColumnFamilies::reaches_default(std::string_view lower, std::string_view upper) const {
  if (!appended) return true;
  const std::string end = prefix_end();
  const bool inside = lower >= prefix && !upper.empty() && (end.empty() || upper <= end);
  return !inside;
}

std::unique_ptr<KvIterator> ColumnFamilies::scan(std::string lower, std::string upper) const {
  const bool in_appended = reaches_appended(lower, upper);
  const bool in_default = reaches_default(lower, upper);
  if (in_appended && in_default) {
    return std::make_unique<MergedIterator>(
        std::make_unique<RocksIterator>(db, lower, upper, db->DefaultColumnFamily()),
        std::make_unique<RocksIterator>(db, lower, upper, appended));
  }
  return std::make_unique<RocksIterator>(db, std::move(lower), std::move(upper),
                                         in_appended ? appended : db->DefaultColumnFamily());
}

}  // namespace cairn::storage
