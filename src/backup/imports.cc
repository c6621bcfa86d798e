#include "backup/imports.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "backup/object_reader.h"
#include "backup/operation_id.h"
#include "engine/item_import.h"
#include "engine/key_space.h"
#include "model/api_error.h"
#include "model/clock.h"
#include "storage/kv_store.h"

namespace cairn::backup {
namespace {

// How long a ClientToken names its import (DynamoDB: 8 hours).
constexpr int64_t kClientTokenMs = 8LL * 3600 * 1000;

constexpr std::string_view kItemValidationMessage =
    "Some of the items failed validation checks and were not imported. Please check "
    "CloudWatch error logs for more details.";

struct ImportFailure {
  std::string code;
  std::string message;
};

Compression compression_of(const std::string& name) {
  if (name == "GZIP") return Compression::kGzip;
  if (name == "ZSTD") return Compression::kZstd;
  return Compression::kNone;
}

bool blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// The objects of a bucket whose keys start with prefix (a plain prefix of the key, as S3
// matches), in key order: (key, path).
std::vector<std::pair<std::string, std::string>> objects_under(const std::filesystem::path& bucket,
                                                               std::string_view prefix) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> objects;
  for (const auto& entry : fs::recursive_directory_iterator(bucket)) {
    if (!entry.is_regular_file()) continue;
    std::string key = entry.path().lexically_relative(bucket).generic_string();
    if (key.compare(0, prefix.size(), prefix) != 0) continue;
    objects.emplace_back(std::move(key), entry.path().string());
  }
  std::sort(objects.begin(), objects.end());
  return objects;
}

}  // namespace

Imports::Imports(engine::Engine& engine, const ImportFormat& format,
                 std::optional<std::string> bucket_root, ImportSettings settings)
    : engine_(engine),
      format_(format),
      bucket_root_(std::move(bucket_root)),
      settings_(settings),
      worker_("import pass", [this] {
        run_waiting();
        return engine::BackgroundWorker::PassOutcome::kDone;
      }) {
  const engine::KeyRange range = engine::import_record_range();
  std::vector<ImportRecord> cut_short;
  {
    auto it = engine_.store().scan(range.lower, range.upper);
    for (it->seek_to_first(); it->valid(); it->next()) {
      ImportRecord record = decode_import_record(it->value());
      if (record.status == ImportStatus::kInProgress) cut_short.push_back(record);
      records_[record.id] = std::move(record);
    }
  }
  for (ImportRecord& record : cut_short) {
    const engine::TablePtr made = engine_.catalog().find_by_arn(record.table.arn);
    if (made && made->table_id == record.table.table_id) {
      // Cut short after its table was published, with its final counters saved: done.
      finish_counted(record);
      continue;
    }
    // What it wrote lies under ids no table has: it goes, and the table never appears.
    engine_.catalog().remove_data_of(record.table);
    finish(record, ImportStatus::kFailed, "UNKNOWN",
           "The import was interrupted: the server stopped while it ran. Import again.");
  }
  worker_.start({.period = std::nullopt, .wait_before_first = true});
}

void Imports::save(const ImportRecord& record) {
  engine_.store().put(engine::import_record_key(record.id), encode_import_record(record));
  engine_.store().make_durable();
  std::lock_guard lock(mu_);
  records_[record.id] = record;
}

void Imports::finish(ImportRecord& record, ImportStatus status, std::string code,
                     std::string message) {
  record.status = status;
  record.failure_code = std::move(code);
  record.failure_message = std::move(message);
  record.end_ms = now_ms();
  save(record);
}

ImportRecord Imports::start(ImportRecord request) {
  const int64_t now = now_ms();
  engine::Catalog& catalog = engine_.catalog();
  // The name is checked before the token, as DynamoDB does: a replay after the import
  // made its table is ResourceInUseException.
  if (catalog.find(request.table.account_id, request.table.region, request.table.name)) {
    throw ApiError::resource_in_use("Table already exists: " + request.table.name);
  }
  {
    // Tokens are the account's, in the region: its tables' ARNs start with this.
    const std::string owner = catalog.arn_of(request.table.account_id, request.table.region, "");
    std::lock_guard lock(mu_);
    if (!request.client_token.empty()) {
      for (const auto& [id, earlier] : records_) {
        if (earlier.client_token != request.client_token ||
            earlier.table.arn.compare(0, owner.size(), owner) != 0 ||
            now - earlier.start_ms > kClientTokenMs) {
          continue;
        }
        // DynamoDB compares only the table's name.
        if (earlier.table.name == request.table.name) return earlier;
        throw ApiError(ErrorType::kImportConflict,
                       "Import conflict: Duplicate request detected with conflicting parameters");
      }
    }
  }
  request.table = catalog.reserve(std::move(request.table));
  request.id = new_operation_id(now);
  request.start_ms = now;
  request.status = ImportStatus::kInProgress;
  save(request);
  {
    std::lock_guard lock(mu_);
    waiting_.push_back(request.id);
  }
  worker_.wake();
  return request;
}

std::optional<ImportRecord> Imports::find(std::string_view arn) const {
  const std::string_view id = operation_id_of(arn, "import");
  std::lock_guard lock(mu_);
  auto it = records_.find(std::string(id));
  if (it == records_.end() || it->second.arn() != arn) return std::nullopt;
  return it->second;
}

std::vector<ImportRecord> Imports::list(std::string_view account, std::string_view region) const {
  const engine::Catalog& catalog = engine_.catalog();
  const std::string prefix = catalog.arn_of(account, region, "");
  std::vector<ImportRecord> out;
  std::lock_guard lock(mu_);
  for (const auto& [id, record] : records_) {
    if (record.table.arn.compare(0, prefix.size(), prefix) == 0) out.push_back(record);
  }
  return out;
}

void Imports::run_waiting() {
  for (;;) {
    ImportRecord record;
    {
      std::lock_guard lock(mu_);
      if (waiting_.empty()) return;
      record = records_.at(waiting_.front());
      waiting_.pop_front();
    }
    // Once published, the table is the user's: a failure after that never removes it.
    bool published = false;
    try {
      run(record, published);
    } catch (const ImportFailure& f) {
      if (!published) engine_.catalog().release_reserved(record.table);
      finish(record, ImportStatus::kFailed, f.code, f.message);
    } catch (const std::exception& e) {
      if (!published) engine_.catalog().release_reserved(record.table);
      finish(record, ImportStatus::kFailed, "UNKNOWN", e.what());
    }
  }
}

void Imports::run(ImportRecord& record, bool& published) {
  namespace fs = std::filesystem;
  if (!bucket_root_ || !fs::is_directory(fs::path(*bucket_root_) / record.s3_bucket)) {
    throw ImportFailure{"S3NoSuchBucket", "The specified bucket does not exist"};
  }
  const fs::path bucket = fs::path(*bucket_root_) / record.s3_bucket;
  engine::ItemImporter importer(engine_.store(), engine_.changes(), record.table);
  auto last_progress = std::chrono::steady_clock::now();
  std::string line;
  for (const auto& [key, path] : objects_under(bucket, record.s3_key_prefix)) {
    const std::unique_ptr<ImportLineParser> parser = format_.parser(record);
    ObjectLineReader reader(path, compression_of(record.input_compression),
                            settings_.max_line_bytes);
    int64_t index = 0;
    // The first bad line ends the object (DynamoDB skips the rest of it).
    for (bool object_ok = true; object_ok; ++index) {
      if (worker_.stopping()) {
        throw ImportFailure{"UNKNOWN", "The server stopped while the import ran. Import again."};
      }
      std::string error;
      try {
        const ObjectLineReader::Line read = reader.next(line);
        if (read == ObjectLineReader::Line::kEnd) break;
        if (read == ObjectLineReader::Line::kTooLong) {
          error = "The line is longer than " + std::to_string(settings_.max_line_bytes) + " bytes";
        } else {
          record.processed_size_bytes += static_cast<int64_t>(line.size()) + 1;
          if (blank(line)) continue;
          std::optional<Item> item = parser->parse(line);
          if (!item) continue;
          importer.add(std::move(*item));
          ++record.imported_item_count;
          ++record.processed_item_count;
        }
      } catch (const ApiError& e) {
        error = std::string(e.message());
      } catch (const std::runtime_error& e) {
        // Data that does not decompress as InputCompressionType says.
        error = e.what();
      }
      if (!error.empty()) {
        ++record.processed_item_count;
        if (++record.error_count <= settings_.logged_errors) {
          std::cerr << "import " << record.arn() << ": s3://" << record.s3_bucket << "/" << key
                    << " item " << index << ": " << error << std::endl;
        }
        object_ok = false;
      }
      if (std::chrono::steady_clock::now() - last_progress >= settings_.progress_period) {
        save(record);
        last_progress = std::chrono::steady_clock::now();
      }
    }
  }
  importer.flush();
  save(record);  // the final counters, before the table is public (see the constructor)
  engine_.catalog().publish_reserved(record.table);
  published = true;
  finish_counted(record);
}

void Imports::finish_counted(ImportRecord& record) {
  if (record.error_count == 0) {
    finish(record, ImportStatus::kCompleted, "", "");
  } else {
    finish(record, ImportStatus::kFailed, "ItemValidationError",
           std::string(kItemValidationMessage));
  }
}

}  // namespace cairn::backup
