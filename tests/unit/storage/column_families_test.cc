#include "storage/column_families.h"

#include <gtest/gtest.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "storage/rocksdb_store.h"
#include "support/removed_at_end.h"

namespace cairn::storage {
namespace {

namespace fs = std::filesystem;

RocksDbOptions options(const fs::path& dir, std::string prefix) {
  RocksDbOptions o{dir.string(), false, false};
  o.appended_prefix = std::move(prefix);
  return o;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("cairn-families-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

std::vector<std::string> keys_in(KvStore& store, std::string_view lower, std::string_view upper) {
  std::vector<std::string> keys;
  auto it = store.scan(lower, upper);
  for (it->seek_to_first(); it->valid(); it->next()) keys.emplace_back(it->key());
  return keys;
}

TEST(ColumnFamilies, KeysWithThePrefixLiveApartAndReadAsOneStore) {
  const fs::path dir = fresh_dir("apart");
  // Removed once the store below has closed (RocksDB writes into it until then).
  const testing_support::RemovedAtEnd removed{dir.string()}, copy_removed{dir.string() + "-copy"};
  RocksDbStore store(options(dir, "l"));
  store.put("a1", "item");
  store.put("l1", "record 1");
  store.put("m1", "item");
  auto txn = store.begin();
  txn->put("l2", "record 2");
  txn->put_unlocked("l3", "record 3");
  txn->put("b1", "item");
  txn->commit();
  EXPECT_EQ(store.get("l2"), "record 2");
  EXPECT_EQ(keys_in(store, "l", "m"), (std::vector<std::string>{"l1", "l2", "l3"}));
  EXPECT_EQ(keys_in(store, "a", "c"), (std::vector<std::string>{"a1", "b1"}));
  // A scan across both reads them merged, in key order.
  EXPECT_EQ(keys_in(store, "", ""), (std::vector<std::string>{"a1", "b1", "l1", "l2", "l3", "m1"}));
  EXPECT_EQ(keys_in(store, "b", "l2"), (std::vector<std::string>{"b1", "l1"}));
  auto snapshot = store.snapshot();
  store.remove_range("l1", "l3");
  EXPECT_EQ(keys_in(store, "", ""), (std::vector<std::string>{"a1", "b1", "l3", "m1"}));
  EXPECT_EQ(snapshot->get("l1"), "record 1");  // the snapshot still has it
  // A storage snapshot holds both column families.
  store.write_snapshot((dir.string() + "-copy"));
  auto copy = store.open_snapshot(dir.string() + "-copy");
  EXPECT_EQ(keys_in(*copy, "", ""), (std::vector<std::string>{"a1", "b1", "l3", "m1"}));
  EXPECT_EQ(copy->get("l3"), "record 3");
}

TEST(ColumnFamilies, RecordsWrittenBeforeTheSplitMoveOverAtTheFirstOpen) {
  const fs::path dir = fresh_dir("moved");
  {
    RocksDbStore old(options(dir, ""));  // one column family, as earlier builds kept it
    old.put("a1", "item");
    old.put("l1", "record");
  }
  {
    RocksDbStore store(options(dir, "l"));
    EXPECT_EQ(store.get("l1"), "record");
    EXPECT_EQ(keys_in(store, "", ""), (std::vector<std::string>{"a1", "l1"}));
    store.put("l2", "record 2");
  }
  // Opened without the prefix, the database still opens (with all its column families).
  RocksDbStore plain(options(dir, ""));
  EXPECT_EQ(plain.get("a1"), "item");
  fs::remove_all(dir);
}

TEST(ColumnFamilies, AppendedFilesAreWrittenOnceAndMovedDownUntouched) {
  rocksdb::Options store;
  store.OptimizeLevelStyleCompaction();  // compresses the lower levels only, as the store does
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.block_cache = rocksdb::NewLRUCache(1 << 20);
  store.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  ASSERT_FALSE(store.compression_per_level.empty());

  const rocksdb::ColumnFamilyOptions appended = appended_family_options(store);
  // One compression for all levels: RocksDB's condition for moving a file down unrewritten.
  EXPECT_TRUE(appended.compression_per_level.empty());
  EXPECT_EQ(appended.compression, rocksdb::kNoCompression);
  const auto* appended_table =
      appended.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>();
  ASSERT_NE(appended_table, nullptr);
  EXPECT_EQ(appended_table->filter_policy, nullptr);  // read by range only
  EXPECT_EQ(appended_table->checksum, rocksdb::kXXH3);
  EXPECT_EQ(appended_table->block_cache, table.block_cache);  // the store's one cache
  // The store's own options are left as they were.
  EXPECT_FALSE(store.compression_per_level.empty());
  EXPECT_NE(store.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>()->filter_policy,
            nullptr);
}

}  // namespace
}  // namespace cairn::storage
