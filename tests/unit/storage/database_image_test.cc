#include "storage/database_image.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "storage/kv_store.h"
#include "storage/rocksdb_store.h"
#include "support/removed_at_end.h"

namespace cairn::storage {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kSides{"side"};

std::string value_of(RocksDbStore& store, const std::string& key) {
  return store.get(key).value_or("<none>");
}

// A fresh directory of the test's own (ctest runs cases in parallel processes).
fs::path fresh_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("cairn-image-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

TEST(DatabaseImage, AResetPutsBackTheDatabaseAndItsSideTreesAsTheImageHeldThem) {
  const fs::path dir = fresh_dir("reset");
  const testing_support::RemovedAtEnd removed{dir.string()};  // after the stores close
  RocksDbStore store({dir.string(), false, false});
  store.put("a", "1");
  store.put("b", "2");
  write_file(dir / "side" / "kept.sst", "backup table file");
  write_file(dir / "bucket" / "export.json", "not the database's");
  store.write_image((dir / "images" / "one").string(), kSides, 1234);
  EXPECT_EQ(store.image_made_ms((dir / "images" / "one").string()), 1234);

  store.put("a", "changed");
  store.remove("b");
  store.put("c", "new");
  write_file(dir / "side" / "later.sst", "a later backup");
  store.reset_to_image((dir / "images" / "one").string(), kSides);

  EXPECT_EQ(value_of(store, "a"), "1");
  EXPECT_EQ(value_of(store, "b"), "2");
  EXPECT_EQ(value_of(store, "c"), "<none>");
  EXPECT_TRUE(fs::exists(dir / "side" / "kept.sst"));
  EXPECT_FALSE(fs::exists(dir / "side" / "later.sst"));
  EXPECT_TRUE(fs::exists(dir / "bucket" / "export.json"));  // not the database's: untouched
  EXPECT_FALSE(fs::exists(dir / kResetMarkerFileName));
  store.put("d", "after");  // the store writes on
  EXPECT_EQ(value_of(store, "d"), "after");
  // The image is unchanged by the writes after the reset: it can be put back again.
  store.reset_to_image((dir / "images" / "one").string(), kSides);
  EXPECT_EQ(value_of(store, "d"), "<none>");
}

TEST(DatabaseImage, AnImageWithoutItsStampIsRefusedAndTheDatabaseStaysAsItWas) {
  const fs::path dir = fresh_dir("unstamped");
  const testing_support::RemovedAtEnd removed{dir.string()};  // after the stores close
  RocksDbStore store({dir.string(), false, false});
  store.put("a", "1");
  fs::create_directories(dir / "images");
  store.write_snapshot((dir / "images" / "cut").string());  // a checkpoint, never stamped
  EXPECT_FALSE(store.image_made_ms((dir / "images" / "cut").string()).has_value());
  store.put("a", "2");
  EXPECT_THROW(store.reset_to_image((dir / "images" / "cut").string(), kSides), StorageError);
  EXPECT_TRUE(store.is_open());
  EXPECT_EQ(value_of(store, "a"), "2");
}

TEST(DatabaseImage, AResetThatCannotFinishLeavesTheStoreClosedNeverEmpty) {
  const fs::path dir = fresh_dir("unfinished");
  const testing_support::RemovedAtEnd removed{dir.string()};  // after the stores close
  const fs::path image = dir / "images" / "one";
  RocksDbStore store({dir.string(), false, false});
  store.put("a", "1");
  store.write_image(image.string(), kSides, 1);
  // A file of the image that cannot be read (an I/O error, a full disk while copying).
  for (const auto& entry : fs::directory_iterator(image)) {
    if (entry.path().filename().string().starts_with("OPTIONS-")) {
      fs::remove(entry.path());
      fs::create_symlink(dir / "nowhere", entry.path());
    }
  }
  EXPECT_THROW(store.reset_to_image(image.string(), kSides), StorageError);
  EXPECT_FALSE(store.is_open());  // not a new, empty database in its place
  EXPECT_TRUE(fs::exists(dir / kResetMarkerFileName));
  // The next start tries again, and refuses while the image cannot be read.
  EXPECT_THROW(RocksDbStore({dir.string(), false, false}), StorageError);
}

TEST(DatabaseImage, AResetAKillCutShortIsFinishedWhenTheDatabaseOpens) {
  const fs::path dir = fresh_dir("interrupted");
  const testing_support::RemovedAtEnd removed{dir.string()};  // after the stores close
  const std::string image = (dir / "images" / "one").string();
  {
    RocksDbStore store({dir.string(), false, false});
    store.put("a", "1");
    store.write_image(image, kSides, 1);
    store.put("a", "2");
  }
  // What a kill leaves midway: the marker, and the database's files partly removed.
  write_file(dir / kResetMarkerFileName, "images/one\nside\n");  // as the store writes it
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".sst") fs::remove(entry.path());
  }
  RocksDbStore store({dir.string(), false, false});
  EXPECT_EQ(value_of(store, "a"), "1");
  EXPECT_FALSE(fs::exists(dir / kResetMarkerFileName));
}

TEST(DatabaseImage, InMemoryImagesLiveInTheMemoryFileSystem) {
  RocksDbStore store({"/unit-test-image-db", true, false});
  store.put("a", "1");
  store.write_image("/unit-test-image-db/images/one", kSides, 7);
  EXPECT_EQ(store.list_directory("/unit-test-image-db/images"), std::vector<std::string>{"one"});
  store.put("a", "2");
  store.reset_to_image("/unit-test-image-db/images/one", kSides);
  EXPECT_EQ(value_of(store, "a"), "1");
  store.remove_directory("/unit-test-image-db/images/one");
  EXPECT_TRUE(store.list_directory("/unit-test-image-db/images").empty());
}

}  // namespace
}  // namespace cairn::storage
