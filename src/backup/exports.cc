#include "backup/exports.h"

#include <filesystem>
#include <random>

#include "backup/operation_id.h"
#include "engine/key_space.h"
#include "model/api_error.h"
#include "model/clock.h"
#include "model/item_size.h"
#include "storage/kv_store.h"

namespace cairn::backup {
namespace {

// How long a ClientToken names its export (DynamoDB: 8 hours).
constexpr int64_t kClientTokenMs = 8LL * 3600 * 1000;

// A data file's name: random, as DynamoDB names them (26 characters of [a-z0-9]).
std::string new_data_file_name() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string name;
  for (int i = 0; i < 26; ++i) name.push_back(kChars[random() % 36]);
  return name;
}

// Fails the export with a code and message DynamoDB's FailureCode/FailureMessage would carry.
struct ExportFailure {
  std::string code;
  std::string message;
};

}  // namespace

Exports::Exports(engine::Engine& engine, ContinuousBackups& recovery, const ExportFormats& formats,
                 std::optional<std::string> bucket_root, std::string work_root, bool on_disk,
                 ExportSettings settings)
    : engine_(engine),
      recovery_(recovery),
      formats_(formats),
      bucket_root_(std::move(bucket_root)),
      work_root_(std::move(work_root)),
      on_disk_(on_disk),
      settings_(settings),
      worker_("export pass", [this] {
        run_waiting();
        return engine::BackgroundWorker::PassOutcome::kDone;
      }) {
  if (on_disk_) {
    // Snapshots of exports a kill cut short.
    std::filesystem::remove_all(work_root_);
    std::filesystem::create_directories(work_root_);
    std::filesystem::permissions(work_root_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
  }
  const engine::KeyRange range = engine::export_record_range();
  std::vector<ExportRecord> cut_short;
  {
    auto it = engine_.store().scan(range.lower, range.upper);
    for (it->seek_to_first(); it->valid(); it->next()) {
      ExportRecord record = decode_export_record(it->value());
      if (record.status == ExportStatus::kInProgress) cut_short.push_back(record);
      records_[record.id] = std::move(record);
    }
  }
  for (ExportRecord& record : cut_short) {
    fail(record, "UNKNOWN",
         "The export was interrupted: the server stopped while it ran. Export again.");
  }
  worker_.start({.period = std::nullopt, .wait_before_first = true});
}

void Exports::save(const ExportRecord& record) {
  engine_.store().put(engine::export_record_key(record.id), encode_export_record(record));
  engine_.store().make_durable();
  std::lock_guard lock(mu_);
  records_[record.id] = record;
}

void Exports::fail(ExportRecord& record, std::string code, std::string message) {
  record.status = ExportStatus::kFailed;
  record.failure_code = std::move(code);
  record.failure_message = std::move(message);
  record.end_ms = now_ms();
  save(record);
}

ExportRecord Exports::start(ExportRecord request, engine::TablePtr table) {
  const int64_t now = now_ms();
  {
    std::lock_guard lock(mu_);
    if (!request.client_token.empty()) {
      for (const auto& [id, earlier] : records_) {
        if (earlier.client_token != request.client_token || earlier.account != request.account ||
            earlier.region != request.region || now - earlier.start_ms > kClientTokenMs) {
          continue;
        }
        if (earlier.request_fingerprint == request.request_fingerprint) return earlier;
        throw ApiError(ErrorType::kExportConflict,
                       "Export conflict: Duplicate request detected with conflicting parameters");
      }
    }
  }
  request.id = new_operation_id(now);
  request.start_ms = now;
  if (!request.export_time_given) request.export_ms = now;
  request.status = ExportStatus::kInProgress;
  save(request);
  {
    std::lock_guard lock(mu_);
    waiting_.emplace_back(request.id, std::move(table));
  }
  worker_.wake();
  return request;
}

std::optional<ExportRecord> Exports::find(std::string_view arn) const {
  const std::string_view id = operation_id_of(arn, "export");
  std::lock_guard lock(mu_);
  auto it = records_.find(std::string(id));
  if (it == records_.end() || it->second.arn() != arn) return std::nullopt;
  return it->second;
}

std::vector<ExportRecord> Exports::list(std::string_view account, std::string_view region) const {
  std::vector<ExportRecord> out;
  std::lock_guard lock(mu_);
  for (const auto& [id, record] : records_) {
    if (record.account == account && record.region == region) out.push_back(record);
  }
  return out;  // ids begin with the start time: oldest first
}

void Exports::run_waiting() {
  for (;;) {
    std::string id;
    engine::TablePtr table;
    ExportRecord record;
    {
      std::lock_guard lock(mu_);
      if (waiting_.empty()) return;
      id = std::move(waiting_.front().first);
      table = std::move(waiting_.front().second);
      waiting_.pop_front();
      record = records_.at(id);
    }
    try {
      run(record, *table);
    } catch (const ExportFailure& f) {
      fail(record, f.code, f.message);
    } catch (const std::exception& e) {
      fail(record, "UNKNOWN", e.what());
    }
  }
}

void Exports::run(ExportRecord& record, const engine::TableInfo& table) {
  // Every write up to the export time (an incremental export's end) has committed once the
  // clock is past it by the lag.
  const bool waits = record.export_time_given || record.incremental();
  const int64_t until = record.incremental() ? record.to_ms : record.export_ms;
  while (waits && now_ms() < until + settings_.commit_lag.count()) {
    if (worker_.pause(std::chrono::milliseconds(20))) {
      throw ExportFailure{"UNKNOWN", "The server stopped before the export ran. Export again."};
    }
  }
  namespace fs = std::filesystem;
  if (!bucket_root_ || !fs::is_directory(fs::path(*bucket_root_) / record.s3_bucket)) {
    throw ExportFailure{"S3NoSuchBucket", "The specified bucket does not exist"};
  }
  const fs::path bucket = fs::path(*bucket_root_) / record.s3_bucket;
  const std::string folder = record.folder_key();
  write_object((bucket / folder / "_started").string(), "");

  storage::KvStore& store = engine_.store();
  const std::string work = work_root_ + "/" + record.id;
  store.write_snapshot(work);
  struct RemoveWork {
    storage::KvStore& store;
    const std::string& dir;
    ~RemoveWork() { store.remove_snapshot(dir); }
  } remove_work{store, work};
  const std::unique_ptr<storage::KvStore> snapshot = store.open_snapshot(work);
  // A table deleted before the snapshot has no data left in it to export.
  const engine::TablePtr still = engine_.catalog().find_by_arn(record.table_arn);
  if (!still || still->table_id != record.table_id) {
    throw ExportFailure{"UNKNOWN", "The table was deleted before the export could read it"};
  }

  const ExportFormat& format = formats_.of(record.export_format);
  std::vector<ExportDataFile> files;
  std::unique_ptr<GzipObjectWriter> writer;
  ExportDataFile current;
  std::string line;
  auto last_progress = std::chrono::steady_clock::now();
  auto close_file = [&] {
    current.digest = writer->finish();
    writer.reset();
    files.push_back(std::move(current));
    current = {};
  };
  auto open_file = [&] {
    current.key =
        folder + "/data/" + new_data_file_name() + std::string(format.data_file_extension());
    writer = std::make_unique<GzipObjectWriter>((bucket / current.key).string());
  };
  // Writes the line in `line`, of an item (or change) of billed_bytes.
  auto write_line = [&](int64_t billed_bytes) {
    if (worker_.stopping()) {
      throw ExportFailure{"UNKNOWN", "The server stopped while the export ran. Export again."};
    }
    if (!writer) open_file();
    writer->append(line);
    ++current.item_count;
    ++record.item_count;
    record.billed_size_bytes += billed_bytes;
    if (writer->uncompressed_bytes() >= settings_.data_file_bytes) close_file();
    if (std::chrono::steady_clock::now() - last_progress >= settings_.progress_period) {
      save(record);
      last_progress = std::chrono::steady_clock::now();
    }
  };
  auto emit = [&](std::string_view stored) {
    line.clear();
    format.append_item_line(stored, line);
    write_line(static_cast<int64_t>(stored_item_size(stored)));
  };
  if (record.incremental()) {
    std::vector<std::string> key_names{table.hash_key.name};
    if (table.range_key) key_names.push_back(table.range_key->name);
    const bool old_images = record.view_type == "NEW_AND_OLD_IMAGES";
    recovery_.for_each_change_between(
        table, record.from_ms, record.to_ms, *snapshot, [&](const WindowChange& change) {
          line.clear();
          format.append_change_line(change, key_names, old_images, line);
          const std::optional<std::string_view> billed =
              change.after ? change.after : change.before;
          write_line(static_cast<int64_t>(stored_item_size(*billed)));
        });
  } else if (record.export_time_given) {
    recovery_.for_each_item_at(table, record.export_ms, *snapshot, emit);
  } else {
    // The snapshot is the table as of the export time (or a moment after: writes are not
    // refused while an export waits, as DynamoDB's are not).
    const engine::KeyRange items = engine::prefix_range(engine::storage_prefix(table.storage_id));
    auto it = snapshot->scan(items.lower, items.upper);
    for (it->seek_to_first(); it->valid(); it->next()) emit(it->value());
  }
  // At least one data file, as DynamoDB writes an empty one for an empty partition.
  if (!writer && files.empty()) open_file();
  if (writer) close_file();

  const std::string files_key = folder + "/manifest-files.json";
  const ObjectDigest files_digest =
      write_object((bucket / files_key).string(), format.manifest_files(files));
  write_object((bucket / folder / "manifest-files.md5").string(), files_digest.md5_base64);
  record.status = ExportStatus::kCompleted;
  record.end_ms = now_ms();
  record.manifest_key = folder + "/manifest-summary.json";
  const ObjectDigest summary_digest = write_object((bucket / record.manifest_key).string(),
                                                   format.manifest_summary(record, files_key));
  write_object((bucket / folder / "manifest-summary.md5").string(), summary_digest.md5_base64);
  save(record);
}

}  // namespace cairn::backup
