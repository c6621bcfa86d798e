#include "backup/exports.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "engine/key_space.h"
#include "model/api_error.h"
#include "model/clock.h"
#include "model/item_codec.h"
#include "storage/rocksdb_store.h"
#include "support/quiet_ms.h"
#include "support/removed_at_end.h"

namespace cairn::backup {
namespace {

using testing_support::quiet_ms;

using std::chrono::milliseconds;

// A format whose lines are the items' pk values, and whose manifests are plain text. It can
// hold an export at one item until the test lets it go on.
class PkLines : public ExportFormat {
 public:
  void append_item_line(std::string_view stored, std::string& out) const override {
    const std::string pk = decode_item(stored).at("pk").scalar;
    std::unique_lock lock(mu_);
    if (pk == hold_at_) {
      held_ = true;
      cv_.notify_all();
      cv_.wait(lock, [&] { return hold_at_.empty(); });
    }
    out += pk + "\n";
  }
  // An incremental export's line: "<pk> <v before or -> <v after or -> <old image or ->".
  void append_change_line(const WindowChange& change, const std::vector<std::string>& key_names,
                          bool old_images, std::string& out) const override {
    auto v = [](std::optional<std::string_view> image) -> std::string {
      if (!image) return "-";
      const Item item = decode_item(*image);
      auto it = item.find("v");
      return it == item.end() ? "?" : it->second.scalar;
    };
    const Item key = decode_item(change.after ? *change.after : *change.before);
    EXPECT_EQ(key_names, std::vector<std::string>{"pk"});
    EXPECT_GT(change.last_write_us, 0);
    out += key.at("pk").scalar + " " + v(change.before) + " " + v(change.after) + " " +
           (old_images ? "old" : "new") + "\n";
  }
  void hold_at(std::string pk) {
    std::lock_guard lock(mu_);
    hold_at_ = std::move(pk);
  }
  void wait_until_held() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return held_; });
  }
  void release() {
    std::lock_guard lock(mu_);
    hold_at_.clear();
    cv_.notify_all();
  }
  std::string_view data_file_extension() const override { return ".json.gz"; }
  std::string manifest_files(const std::vector<ExportDataFile>& files) const override {
    std::string out;
    for (const ExportDataFile& f : files) {
      out += f.key + " " + std::to_string(f.item_count) + " " + f.digest.md5_hex + "\n";
    }
    return out;
  }
  std::string manifest_summary(const ExportRecord& r, std::string_view files_key) const override {
    return r.arn() + " " + std::string(files_key) + " " + std::to_string(r.item_count) + "\n";
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  mutable bool held_ = false;
  std::string hold_at_;
};

// Every export in PkLines.
struct OnlyPkLines : ExportFormats {
  explicit OnlyPkLines(const PkLines& lines) : lines(lines) {}
  const ExportFormat& of(std::string_view) const override { return lines; }
  const PkLines& lines;
};

// An engine over an in-memory store with point-in-time recovery on for one table, and
// exports into a bucket directory on disk.
class ExportsTest : public ::testing::Test {
 protected:
  ExportsTest() {
    engine::TableInfo spec;
    spec.name = "orders";
    spec.hash_key = {"pk", AttrType::S};
    spec.attribute_definitions["pk"] = AttrType::S;
    spec.billing_mode = engine::BillingMode::kPayPerRequest;
    engine_.catalog().create(spec);
    const std::string key = engine_.catalog().key_of(*table());  // no metadata held while
    recovery_.update(key, true, std::nullopt);                   // enabling waits for it
    std::filesystem::create_directories(buckets_ + "/bucket");
  }

  ContinuousBackupSettings recovery_settings() const {
    ContinuousBackupSettings s;
    s.pass_period = std::chrono::hours(1);
    s.settle = milliseconds(5);
    return s;
  }
  static ExportSettings export_settings() {
    ExportSettings s;
    s.data_file_bytes = 64;  // a few items per file
    s.commit_lag = milliseconds(20);
    s.progress_period = milliseconds(0);  // counters saved at every item
    return s;
  }
  engine::TablePtr table() { return engine_.catalog().find("orders"); }
  void put(const std::string& pk) {
    Item item;
    item["pk"] = AttributeValue::string(pk);
    engine_.items().put(*table(), item, false);
  }
  void put(const std::string& pk, const std::string& v) {
    Item item;
    item["pk"] = AttributeValue::string(pk);
    item["v"] = AttributeValue::string(v);
    engine_.items().put(*table(), item, false);
  }
  void remove(const std::string& pk) {
    Item key;
    key["pk"] = AttributeValue::string(pk);
    engine_.items().remove(*table(), key, false);
  }
  ExportRecord request(std::optional<int64_t> at = std::nullopt, std::string token = "") {
    ExportRecord r;
    r.table_arn = table()->arn;
    r.table_id = table()->table_id;
    r.table_storage_id = table()->storage_id;
    r.account = table()->account_id;
    r.region = table()->region;
    r.export_time_given = at.has_value();
    r.export_ms = at.value_or(0);
    r.client_token = std::move(token);
    r.request_fingerprint = "fingerprint " + std::to_string(r.export_ms);
    r.s3_bucket = "bucket";
    r.s3_prefix = "some/prefix";
    r.s3_sse_algorithm = "AES256";
    r.export_format = "DYNAMODB_JSON";
    return r;
  }
  ExportRecord finished(const ExportRecord& started) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
      const auto now = exports_.find(started.arn());
      EXPECT_TRUE(now.has_value());
      if (!now || now->status != ExportStatus::kInProgress) return now.value_or(started);
      if (std::chrono::steady_clock::now() > give_up) {
        ADD_FAILURE() << "the export did not finish";
        return *now;
      }
      std::this_thread::sleep_for(milliseconds(5));
    }
  }
  std::string folder(const ExportRecord& r) { return buckets_ + "/bucket/" + r.folder_key(); }
  // Every pk in the export's data files (each line of each file, decompressed).
  std::multiset<std::string> exported(const ExportRecord& r) {
    std::multiset<std::string> pks;
    for (const auto& entry : std::filesystem::directory_iterator(folder(r) + "/data")) {
      const std::string command = "zcat '" + entry.path().string() + "'";
      FILE* pipe = popen(command.c_str(), "r");
      char line[256];
      while (fgets(line, sizeof line, pipe)) {
        std::string pk(line);
        pk.pop_back();
        pks.insert(pk);
      }
      pclose(pipe);
    }
    return pks;
  }

  static inline int instances_ = 0;
  const std::string root_ = "/exports-test-" + std::to_string(++instances_);
  // One directory a test (a test's exports may still be writing when the next one starts),
  // removed once the exports have stopped.
  const std::string buckets_ = ::testing::TempDir() + "exports-test-buckets-" +
                               std::to_string(::getpid()) + "-" + std::to_string(instances_);
  const testing_support::RemovedAtEnd buckets_removed_{buckets_};
  storage::RocksDbStore store_{{root_, /*in_memory=*/true, false}};
  engine::Engine engine_{store_, {}};
  BackupCatalog backups_{engine_, root_ + "/backups", false};
  ContinuousBackups recovery_{engine_, backups_, root_ + "/recovery", false, recovery_settings()};
  PkLines format_;
  OnlyPkLines formats_{format_};
  Exports exports_{engine_,         recovery_, formats_,         buckets_,
                   root_ + "/work", false,     export_settings()};
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(ExportsTest, AnExportWritesTheTableInDataFilesWithManifestsAndCounts) {
  std::multiset<std::string> expected;
  for (int i = 0; i < 40; ++i) {
    put("item" + std::to_string(i));
    expected.insert("item" + std::to_string(i));
  }
  const ExportRecord done = finished(exports_.start(request(), table()));
  ASSERT_EQ(done.status, ExportStatus::kCompleted) << done.failure_message;
  EXPECT_EQ(done.item_count, 40);
  EXPECT_GT(done.billed_size_bytes, 0);
  EXPECT_GE(done.end_ms, done.start_ms);
  EXPECT_EQ(done.manifest_key, done.folder_key() + "/manifest-summary.json");
  EXPECT_EQ(done.folder_key().substr(0, 24), "some/prefix/AWSDynamoDB/");
  EXPECT_EQ(exported(done), expected);
  // 64-byte data files: several, each listed with its count and digest.
  const std::string files = read_file(folder(done) + "/manifest-files.json");
  size_t listed = 0;
  int64_t counted = 0;
  std::istringstream lines(files);
  for (std::string key, md5; lines >> key;) {
    int64_t count = 0;
    lines >> count >> md5;
    ++listed;
    counted += count;
    EXPECT_EQ(write_object(buckets_ + "/copy", read_file(buckets_ + "/bucket/" + key)).md5_hex,
              md5);
  }
  EXPECT_GT(listed, 3u);
  EXPECT_EQ(counted, 40);
  EXPECT_TRUE(std::filesystem::exists(folder(done) + "/_started"));
  EXPECT_EQ(read_file(folder(done) + "/manifest-files.md5"),
            write_object(buckets_ + "/copy", files).md5_base64);
  EXPECT_EQ(read_file(folder(done) + "/manifest-summary.json"),
            done.arn() + " " + done.folder_key() + "/manifest-files.json 40\n");
}

TEST_F(ExportsTest, DescribingAnExportUnderWayShowsItsCountersMoving) {
  for (int i = 0; i < 10; ++i) put("item" + std::to_string(i));
  // Items are exported in key order, which is hash order: hold the export at whichever item
  // comes sixth.
  std::vector<std::string> order;
  {
    const engine::KeyRange items =
        engine::prefix_range(engine::storage_prefix(table()->storage_id));
    auto it = store_.scan(items.lower, items.upper);
    for (it->seek_to_first(); it->valid(); it->next()) {
      order.push_back(decode_item(it->value()).at("pk").scalar);
    }
  }
  ASSERT_EQ(order.size(), 10u);
  format_.hold_at(order[5]);
  const ExportRecord started = exports_.start(request(), table());
  format_.wait_until_held();
  const auto during = exports_.find(started.arn());
  format_.release();
  ASSERT_TRUE(during.has_value());
  EXPECT_EQ(during->status, ExportStatus::kInProgress);
  EXPECT_EQ(during->item_count, 5);
  EXPECT_GT(during->billed_size_bytes, 0);
  EXPECT_EQ(finished(started).item_count, 10);
}

TEST_F(ExportsTest, AnEmptyTableExportsOneEmptyDataFile) {
  const ExportRecord done = finished(exports_.start(request(), table()));
  ASSERT_EQ(done.status, ExportStatus::kCompleted) << done.failure_message;
  EXPECT_EQ(done.item_count, 0);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(folder(done) + "/data"),
                          std::filesystem::directory_iterator()),
            1);
}

TEST_F(ExportsTest, AnExportAtAPastTimeHoldsTheTableAsItWasThen) {
  put("a");
  put("b");
  put("c");
  const int64_t first = quiet_ms();
  remove("a");
  put("d");
  const int64_t second = quiet_ms();
  remove("d");
  put("a");
  const ExportRecord at_first = finished(exports_.start(request(first), table()));
  const ExportRecord at_second = finished(exports_.start(request(second), table()));
  const ExportRecord now = finished(exports_.start(request(), table()));
  ASSERT_EQ(at_first.status, ExportStatus::kCompleted) << at_first.failure_message;
  EXPECT_EQ(exported(at_first), (std::multiset<std::string>{"a", "b", "c"}));
  EXPECT_EQ(exported(at_second), (std::multiset<std::string>{"b", "c", "d"}));
  EXPECT_EQ(exported(now), (std::multiset<std::string>{"a", "b", "c"}));
  EXPECT_EQ(at_first.export_ms, first);
}

TEST_F(ExportsTest, AnIncrementalExportWritesEachItemWrittenInItsWindowOnceWithItsImages) {
  put("a", "1");
  put("b", "1");
  put("c", "1");
  const int64_t from = quiet_ms();
  put("a", "2");
  put("a", "3");
  remove("b");
  put("d", "1");
  put("e", "1");
  remove("e");  // made and removed inside the window: nothing to say
  const int64_t to = quiet_ms();
  put("a", "4");  // after the window
  remove("c");
  for (const char* view : {"NEW_AND_OLD_IMAGES", "NEW_IMAGE"}) {
    ExportRecord r = request();
    r.export_type = "INCREMENTAL_EXPORT";
    r.from_ms = from;
    r.to_ms = to;
    r.view_type = view;
    const ExportRecord done = finished(exports_.start(r, table()));
    ASSERT_EQ(done.status, ExportStatus::kCompleted) << done.failure_message;
    const std::string images = view == std::string("NEW_IMAGE") ? "new" : "old";
    EXPECT_EQ(exported(done), (std::multiset<std::string>{"a 1 3 " + images, "b 1 - " + images,
                                                          "d - 1 " + images}));
    EXPECT_EQ(done.item_count, 3);
  }
}

TEST_F(ExportsTest, AMissingBucketFailsTheExport) {
  ExportRecord r = request();
  r.s3_bucket = "nowhere";
  const ExportRecord done = finished(exports_.start(r, table()));
  EXPECT_EQ(done.status, ExportStatus::kFailed);
  EXPECT_EQ(done.failure_code, "S3NoSuchBucket");
  EXPECT_EQ(done.failure_message, "The specified bucket does not exist");
  EXPECT_GE(done.end_ms, done.start_ms);
}

TEST_F(ExportsTest, AClientTokenNamesOneExportAndRefusesOtherParameters) {
  const ExportRecord first = exports_.start(request(std::nullopt, "token"), table());
  const ExportRecord again = exports_.start(request(std::nullopt, "token"), table());
  EXPECT_EQ(again.id, first.id);
  try {
    exports_.start(request(now_ms() - 10, "token"), table());
    FAIL() << "expected ExportConflictException";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), ErrorType::kExportConflict);
    EXPECT_EQ(e.message(),
              "Export conflict: Duplicate request detected with conflicting parameters");
  }
  // Without a token, every request is a new export.
  EXPECT_NE(exports_.start(request(), table()).id, exports_.start(request(), table()).id);
  finished(first);
}

TEST_F(ExportsTest, AnExportCutShortIsFailedAtTheNextStart) {
  ExportRecord cut = request();
  cut.id = "01700000000000-0000abcd";
  cut.start_ms = 1700000000000;
  store_.put(engine::export_record_key(cut.id), encode_export_record(cut));
  Exports restarted(engine_, recovery_, formats_, buckets_, root_ + "/work2", false,
                    export_settings());
  const auto found = restarted.find(cut.arn());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, ExportStatus::kFailed);
  EXPECT_EQ(found->failure_code, "UNKNOWN");
  EXPECT_GT(found->end_ms, 0);
  EXPECT_EQ(restarted.list(cut.account, cut.region).size(), 1u);
  EXPECT_TRUE(restarted.list("111111111111", cut.region).empty());
}

}  // namespace
}  // namespace cairn::backup
