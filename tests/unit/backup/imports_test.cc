#include "backup/imports.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/key_space.h"
#include "model/api_error.h"
#include "storage/rocksdb_store.h"
#include "support/removed_at_end.h"

namespace cairn::backup {
namespace {

using std::chrono::milliseconds;

// A format whose lines are pk values; "bad" is not an item.
class PkLines : public ImportFormat {
  class Parser : public ImportLineParser {
   public:
    std::optional<Item> parse(std::string_view line) override {
      if (line == "bad") throw ApiError::validation("a bad line");
      Item item;
      item["pk"] = AttributeValue::string(std::string(line));
      return item;
    }
  };

 public:
  std::unique_ptr<ImportLineParser> parser(const ImportRecord&) const override {
    return std::make_unique<Parser>();
  }
};

class ImportsTest : public ::testing::Test {
 protected:
  ImportsTest() { std::filesystem::create_directories(buckets_ + "/bucket"); }

  void object(const std::string& key, const std::string& text) {
    const std::string path = buckets_ + "/bucket/" + key;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path) << text;
  }
  ImportRecord request(const std::string& table, const std::string& prefix) {
    ImportRecord r;
    r.table.name = table;
    r.table.hash_key = {"pk", AttrType::S};
    r.table.attribute_definitions["pk"] = AttrType::S;
    r.table.billing_mode = engine::BillingMode::kPayPerRequest;
    r.s3_bucket = "bucket";
    r.s3_key_prefix = prefix;
    r.input_format = "DYNAMODB_JSON";
    r.input_compression = "NONE";
    r.table_creation_parameters = "{}";
    return r;
  }
  ImportRecord finished(const ImportRecord& started) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
      const auto now = imports_.find(started.arn());
      if (!now || now->status != ImportStatus::kInProgress) return now.value_or(started);
      if (std::chrono::steady_clock::now() > give_up) {
        ADD_FAILURE() << "the import did not finish";
        return *now;
      }
      std::this_thread::sleep_for(milliseconds(5));
    }
  }
  size_t items_of(const engine::TableInfo& t) {
    const engine::KeyRange range = engine::prefix_range(engine::storage_prefix(t.storage_id));
    auto it = store_.scan(range.lower, range.upper);
    size_t n = 0;
    for (it->seek_to_first(); it->valid(); it->next()) ++n;
    return n;
  }

  static inline int instances_ = 0;
  const std::string root_ = "/imports-test-" + std::to_string(++instances_);
  // One directory a test (a test's exports may still be writing when the next one starts),
  // removed once the imports have stopped.
  const std::string buckets_ = ::testing::TempDir() + "imports-test-buckets-" +
                               std::to_string(::getpid()) + "-" + std::to_string(instances_);
  const testing_support::RemovedAtEnd buckets_removed_{buckets_};
  storage::RocksDbStore store_{{root_, /*in_memory=*/true, false}};
  engine::Engine engine_{store_, {}};
  PkLines format_;
  Imports imports_{engine_, format_, buckets_};
};

TEST_F(ImportsTest, TheObjectsUnderThePrefixBecomeANewTable) {
  object("in/a", "x\ny\n\n");
  object("in/b/c", "z\nx\n");  // x again: the later one stays
  object("out/d", "w\n");
  const ImportRecord started = imports_.start(request("made", "in/"));
  EXPECT_EQ(started.status, ImportStatus::kInProgress);
  EXPECT_FALSE(started.table.table_id.empty());
  const ImportRecord done = finished(started);
  ASSERT_EQ(done.status, ImportStatus::kCompleted) << done.failure_message;
  EXPECT_EQ(done.imported_item_count, 4);
  EXPECT_EQ(done.processed_item_count, 4);
  EXPECT_EQ(done.error_count, 0);
  EXPECT_EQ(done.processed_size_bytes, 9);  // "x\ny\n\n" and "z\nx\n"
  const engine::TablePtr table = engine_.catalog().find("made");
  ASSERT_TRUE(table);
  EXPECT_EQ(table->table_id, started.table.table_id);
  EXPECT_EQ(items_of(*table), 3u);
}

TEST_F(ImportsTest, ABadLineIsCountedAndEndsItsObject) {
  object("in/a", "x\nbad\nnever read\n");
  object("in/b", "y\n");
  const ImportRecord done = finished(imports_.start(request("mixed", "in/")));
  EXPECT_EQ(done.status, ImportStatus::kFailed);
  EXPECT_EQ(done.failure_code, "ItemValidationError");
  EXPECT_EQ(done.error_count, 1);
  EXPECT_EQ(done.imported_item_count, 2);
  EXPECT_EQ(done.processed_item_count, 3);
  const engine::TablePtr table = engine_.catalog().find("mixed");
  ASSERT_TRUE(table);  // kept, with the good items
  EXPECT_EQ(items_of(*table), 2u);
}

TEST_F(ImportsTest, ATakenNameIsRefusedAndAMissingBucketMakesNoTable) {
  object("in/a", "x\n");
  const ImportRecord first = imports_.start(request("twice", "in/"));
  try {
    imports_.start(request("twice", "in/"));  // reserved by the first, or made by it
    FAIL() << "expected ResourceInUseException";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), ErrorType::kResourceInUse);
    EXPECT_EQ(e.message(), "Table already exists: twice");
  }
  finished(first);
  ImportRecord r = request("nowhere", "");
  r.s3_bucket = "missing";
  const ImportRecord done = finished(imports_.start(r));
  EXPECT_EQ(done.status, ImportStatus::kFailed);
  EXPECT_EQ(done.failure_code, "S3NoSuchBucket");
  EXPECT_FALSE(engine_.catalog().find("nowhere"));
  engine::TableInfo again = request("nowhere", "").table;
  EXPECT_TRUE(engine_.catalog().create(again));  // the name is free again
}

TEST_F(ImportsTest, AClientTokenNamesOneImportOfOneTable) {
  object("in/a", "x\n");
  ImportRecord r = request("tokened", "in/");
  r.client_token = "token";
  const ImportRecord first = imports_.start(r);
  finished(first);
  ImportRecord other = request("another", "in/");
  other.client_token = "token";
  try {
    imports_.start(other);
    FAIL() << "expected ImportConflictException";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), ErrorType::kImportConflict);
  }
}

TEST_F(ImportsTest, AnImportCutShortIsFailedAtTheNextStartAndWhatItWroteGoes) {
  // An import a kill cut short: its table reserved, some items written under its ids, its
  // record still IN_PROGRESS.
  ImportRecord cut = request("cut", "in/");
  cut.table = engine_.catalog().reserve(cut.table);
  cut.id = "01700000000000-0000abcd";
  cut.start_ms = 1700000000000;
  Item item;
  item["pk"] = AttributeValue::string("x");
  engine_.items().put(cut.table, item, false);
  ASSERT_EQ(items_of(cut.table), 1u);
  store_.put(engine::import_record_key(cut.id), encode_import_record(cut));

  Imports restarted(engine_, format_, buckets_);
  const auto found = restarted.find(cut.arn());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, ImportStatus::kFailed);
  EXPECT_EQ(found->failure_code, "UNKNOWN");
  EXPECT_EQ(items_of(cut.table), 0u);
  EXPECT_FALSE(engine_.catalog().find("cut"));
}

TEST_F(ImportsTest, AnImportCutShortAfterItsTableWasPublishedKeepsItAndEnds) {
  ImportRecord cut = request("published", "in/");
  cut.table = engine_.catalog().reserve(cut.table);
  cut.id = "01700000000000-0000abce";
  cut.start_ms = 1700000000000;
  cut.imported_item_count = cut.processed_item_count = 1;
  Item item;
  item["pk"] = AttributeValue::string("x");
  engine_.items().put(cut.table, item, false);
  store_.put(engine::import_record_key(cut.id), encode_import_record(cut));
  engine_.catalog().publish_reserved(cut.table);

  Imports restarted(engine_, format_, buckets_);
  const auto found = restarted.find(cut.arn());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, ImportStatus::kCompleted);
  EXPECT_EQ(found->imported_item_count, 1);
  ASSERT_TRUE(engine_.catalog().find("published"));
  EXPECT_EQ(items_of(cut.table), 1u);
}

}  // namespace
}  // namespace cairn::backup
