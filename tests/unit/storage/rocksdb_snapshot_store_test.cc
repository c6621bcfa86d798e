#include "storage/rocksdb_snapshot_store.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "storage/rocksdb_store.h"

namespace cairn::storage {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/cairn-snapshot-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp");
    path_ = pattern;
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<std::pair<std::string, std::string>> everything(KvStore& store) {
  std::vector<std::pair<std::string, std::string>> out;
  auto it = store.scan("", "");
  for (it->seek_to_first(); it->valid(); it->next()) {
    out.emplace_back(std::string(it->key()), std::string(it->value()));
  }
  return out;
}

bool any_file_holds(const fs::path& dir, const std::string& marker) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    if (bytes.find(marker) != std::string::npos) return true;
  }
  return false;
}

using Rows = std::vector<std::pair<std::string, std::string>>;

// A snapshot holds the committed state of its moment, durable or not yet, and nothing
// written after; it outlives a restart of the store; it is read-only.
TEST(RocksDbSnapshotStore, HoldsTheCommittedStateOfItsMoment) {
  TempDir dir;
  const std::string snapshot = (dir.path() / "snap").string();
  {
    RocksDbStore store({(dir.path() / "db").string(), false, false});
    store.put("a", "1");
    store.put("b", "2");
    store.make_durable();
    auto txn = store.begin();
    txn->put("c", "3");  // committed, its log write still gathering
    txn->commit();
    store.write_snapshot(snapshot);
    store.remove("a");
    store.put("b", "changed");
    store.put("d", "4");
    store.make_durable();

    const auto copy = store.open_snapshot(snapshot);
    EXPECT_EQ(everything(*copy), (Rows{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
    EXPECT_EQ(copy->get("b"), "2");
    EXPECT_FALSE(copy->get("d").has_value());
    EXPECT_THROW(copy->put("e", "5"), StorageError);
    EXPECT_THROW(copy->begin(), StorageError);
    EXPECT_THROW(copy->remove_range("a", "z"), StorageError);
    EXPECT_EQ(copy->snapshot()->get("c"), "3");
    // The live store is unchanged by it.
    EXPECT_EQ(everything(store), (Rows{{"b", "changed"}, {"c", "3"}, {"d", "4"}}));
    // A snapshot is never written over.
    EXPECT_THROW(store.write_snapshot(snapshot), StorageError);
  }
  RocksDbStore reopened({(dir.path() / "db").string(), false, false});
  EXPECT_EQ(everything(*reopened.open_snapshot(snapshot)),
            (Rows{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
}

TEST(RocksDbSnapshotStore, IsEncryptedLikeItsStore) {
  TempDir dir;
  const std::string marker = "snapshot-marker-6f1c2a";
  const std::string snapshot = (dir.path() / "snap").string();
  RocksDbOptions options{(dir.path() / "db").string(), false, false};
  options.master_key = std::string(32, '\x5a');
  fs::create_directories(options.path);  // the server makes it before the keyring
  RocksDbStore store(options);
  for (int i = 0; i < 100; ++i) store.put("k" + std::to_string(i), marker);
  store.write_snapshot(snapshot);
  EXPECT_FALSE(any_file_holds(snapshot, marker));
  EXPECT_EQ(store.open_snapshot(snapshot)->get("k42"), marker);
}

TEST(RocksDbSnapshotStore, WorksInMemory) {
  RocksDbStore store({"/unit-test-snapshot-db", true, false});
  store.put("a", "1");
  store.write_snapshot("/unit-test-snapshot-db-copy");
  store.put("a", "2");
  EXPECT_EQ(store.open_snapshot("/unit-test-snapshot-db-copy")->get("a"), "1");
  store.remove_snapshot("/unit-test-snapshot-db-copy");
  EXPECT_THROW(store.open_snapshot("/unit-test-snapshot-db-copy"), StorageError);
  store.remove_snapshot("/unit-test-snapshot-db-copy");  // gone already: no error
}

TEST(RocksDbSnapshotStore, IsRemovedWholeFromDisk) {
  TempDir dir;
  RocksDbStore store({(dir.path() / "db").string(), false, false});
  store.put("a", "1");
  const std::string snapshot = (dir.path() / "snap").string();
  store.write_snapshot(snapshot);
  ASSERT_TRUE(fs::exists(snapshot));
  store.remove_snapshot(snapshot);
  EXPECT_FALSE(fs::exists(snapshot));
  EXPECT_EQ(store.get("a"), "1");  // the store's own files (shared by hard link) stay
}

}  // namespace
}  // namespace cairn::storage
