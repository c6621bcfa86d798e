// Imports from buckets into new tables (ImportTable; decision 0032). A bucket is a directory
// (as for exports: decision 0031). An import is recorded when asked for, with its table
// reserved (name held, storage ids spent: engine/catalog.h), then run on a background
// thread, one at a time: every object (file) whose key starts with S3KeyPrefix is read line
// by line (decompressed: GZIP, ZSTD or NONE), each line parsed into an item by the format
// (api/ knows DynamoDB JSON and CSV) and written through the write path (index entries
// follow). A bad line is counted (ErrorCount) and, as DynamoDB does, ends the reading of its
// object; the table is published at the end either way, and the import is COMPLETED without
// errors, FAILED (ItemValidationError) with some. Counters are saved as it runs. A kill cut
// short leaves the record IN_PROGRESS: at the next start it is FAILED and what it wrote is
// removed, so no half-made table is ever seen.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backup/import_record.h"
#include "engine/background_worker.h"
#include "engine/engine.h"

namespace cairn::backup {

// Reads the lines of one object of an import.
class ImportLineParser {
 public:
  virtual ~ImportLineParser() = default;
  // The item a line holds, or nullopt for a line that holds none (a CSV header). Throws
  // ApiError when the line is not an item of the format.
  virtual std::optional<Item> parse(std::string_view line) = 0;
};

// How an import reads its input (the protocol layer, api/, knows the formats).
class ImportFormat {
 public:
  virtual ~ImportFormat() = default;
  // A parser for the next object of the import.
  virtual std::unique_ptr<ImportLineParser> parser(const ImportRecord& record) const = 0;
};

struct ImportSettings {
  std::chrono::milliseconds progress_period{250};  // between two saves of the counters
  // A line longer than this is an error (an item is at most 400 KB; its JSON a few times
  // that).
  size_t max_line_bytes = 4 * 1024 * 1024;
  // Errors written to the log per import (each is counted regardless).
  int64_t logged_errors = 100;
};

class Imports {
 public:
  Imports(engine::Engine& engine, const ImportFormat& format,
          std::optional<std::string> bucket_root, ImportSettings settings = {});

  // Records a new import (request.table: the table to make, as CreateTable would) and starts
  // it. ResourceInUseException when the table name is taken (or being imported into); with a
  // ClientToken used in the last 8 hours, returns that import when it is for the same table
  // name, and throws ImportConflictException when it is not.
  ImportRecord start(ImportRecord request);
  std::optional<ImportRecord> find(std::string_view arn) const;
  // The account's imports in the region, oldest first.
  std::vector<ImportRecord> list(std::string_view account, std::string_view region) const;

  // Runs the imports waiting to run (public for tests; the worker calls it).
  void run_waiting();

 private:
  // Sets published once the table is made public.
  void run(ImportRecord& record, bool& published);
  void save(const ImportRecord& record);
  void finish(ImportRecord& record, ImportStatus status, std::string code, std::string message);
  // COMPLETED without errors, FAILED (ItemValidationError) with some.
  void finish_counted(ImportRecord& record);

  engine::Engine& engine_;
  const ImportFormat& format_;
  std::optional<std::string> bucket_root_;
  ImportSettings settings_;
  mutable std::mutex mu_;
  std::map<std::string, ImportRecord> records_;  // by id
  std::deque<std::string> waiting_;
  engine::BackgroundWorker worker_;  // last: stops first
};

}  // namespace cairn::backup
