// Exports of tables to buckets (ExportTableToPointInTime; decision 0031). A bucket is a
// directory: bucket B is <bucket root>/B, and it must exist, as an S3 bucket must. An export
// is recorded (export_record.h) when asked for, then run on a background thread, one at a
// time: it takes a storage snapshot once the export time has committed, reads the table as
// it was at that time (the snapshot itself, or a recovery base with the change records laid
// over it), and writes AWS's layout:
//   [<prefix>/]AWSDynamoDB/<id>/_started, data/<name>.json.gz, manifest-files.json,
//   manifest-files.md5, manifest-summary.json, manifest-summary.md5
// (the checksum files as DynamoDB writes them: the base64 MD5 of their manifest; its guide
// calls them .checksum).
// Its counters are stored as it runs, so DescribeExport shows them moving. An export a kill
// cut short is FAILED at the next start; asking again (a new ClientToken) retries it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backup/bucket_object.h"
#include "backup/continuous_backups.h"
#include "backup/export_record.h"
#include "engine/background_worker.h"
#include "engine/engine.h"

namespace cairn::backup {

struct ExportDataFile {
  std::string key;  // the object's key in the bucket
  int64_t item_count = 0;
  ObjectDigest digest;
};

// How an export renders what it writes (DynamoDB JSON; the protocol layer, api/, knows JSON).
class ExportFormat {
 public:
  virtual ~ExportFormat() = default;
  // Appends the data-file line of one item, given in its stored form, newline included.
  virtual void append_item_line(std::string_view stored, std::string& out) const = 0;
  // Appends the data-file line of one item's change in an incremental export, newline
  // included: its key (the attributes named key_names), its image at the window's end and,
  // with old_images, before it.
  virtual void append_change_line(const WindowChange& change,
                                  const std::vector<std::string>& key_names, bool old_images,
                                  std::string& out) const = 0;
  // The ending of a data file's name (".json.gz").
  virtual std::string_view data_file_extension() const = 0;
  // manifest-files.json: one line per data file.
  virtual std::string manifest_files(const std::vector<ExportDataFile>& files) const = 0;
  // manifest-summary.json of a finished export.
  virtual std::string manifest_summary(const ExportRecord& record,
                                       std::string_view manifest_files_key) const = 0;
};

// The formats an export may be written in, by ExportFormat's name (DYNAMODB_JSON, ION).
class ExportFormats {
 public:
  virtual ~ExportFormats() = default;
  virtual const ExportFormat& of(std::string_view export_format) const = 0;
};

struct ExportSettings {
  // A data file is closed once it holds this much JSON (before compression).
  int64_t data_file_bytes = 256LL * 1024 * 1024;
  // A write trails its change stamp by far less than this: the export waits until its time
  // is this far behind the clock before it takes its snapshot.
  std::chrono::milliseconds commit_lag{1000};
  std::chrono::milliseconds progress_period{250};  // between two saves of the counters
  // The shortest window of an incremental export (DynamoDB's 15 minutes; tests lower it),
  // and the longest (DynamoDB's 24 hours).
  std::chrono::milliseconds min_incremental_window = std::chrono::minutes(15);
  std::chrono::milliseconds max_incremental_window = std::chrono::hours(24);
};

class Exports {
 public:
  // bucket_root: the directory holding the buckets (nullopt: none, every export fails with
  // S3NoSuchBucket). work_root: where exports keep their storage snapshots while they run.
  Exports(engine::Engine& engine, ContinuousBackups& recovery, const ExportFormats& formats,
          std::optional<std::string> bucket_root, std::string work_root, bool on_disk,
          ExportSettings settings = {});

  // Records a new export of table and starts it; with a ClientToken used in the last 8
  // hours, returns that export instead when the request is the same (fingerprint), and
  // throws ExportConflictException when it is not.
  ExportRecord start(ExportRecord request, engine::TablePtr table);
  std::optional<ExportRecord> find(std::string_view arn) const;
  // The account's exports in the region, oldest first.
  std::vector<ExportRecord> list(std::string_view account, std::string_view region) const;

  const ExportSettings& settings() const { return settings_; }

  // Runs the exports waiting to run (public for tests; the worker calls it).
  void run_waiting();

 private:
  void run(ExportRecord& record, const engine::TableInfo& table);
  void save(const ExportRecord& record);
  void fail(ExportRecord& record, std::string code, std::string message);

  engine::Engine& engine_;
  ContinuousBackups& recovery_;
  const ExportFormats& formats_;
  std::optional<std::string> bucket_root_;
  std::string work_root_;
  bool on_disk_;
  ExportSettings settings_;
  mutable std::mutex mu_;
  std::map<std::string, ExportRecord> records_;  // by id
  std::deque<std::pair<std::string, engine::TablePtr>> waiting_;
  engine::BackgroundWorker worker_;  // last: stops first
};

}  // namespace cairn::backup
