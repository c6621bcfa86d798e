// Exports to a bucket (decision 0031): ExportTableToPointInTime, DescribeExport, ListExports.
// The export runs in the background (backup/exports.h); these answer at once with its
// description, as DynamoDB does, and in DynamoDB's words for every refusal.
#include <algorithm>
#include <cctype>

#include "api/arn_page_token.h"
#include "api/bucket_rules.h"
#include "api/constraints.h"
#include "api/handler.h"
#include "api/table_lookup.h"
#include "backup/bucket_object.h"
#include "backup/continuous_backups.h"
#include "backup/exports.h"
#include "backup/operation_id.h"
#include "engine/uuid.h"
#include "model/api_error.h"
#include "model/clock.h"

namespace cairn::api {
namespace {

constexpr int64_t kMaxListExports = 25;

backup::Exports& exports_of(RequestContext& ctx) {
  if (!ctx.exports)
    throw ApiError(ErrorType::kUnknownOperation, "Cairn does not serve exports here");
  return *ctx.exports;
}

void write_export_description(JsonWriter& w, const backup::ExportRecord& r) {
  w.begin_object();
  w.field("ExportArn", r.arn());
  w.field("ExportStatus", backup::operation_status_name(r.status));
  w.key("StartTime");
  w.decimal_seconds(r.start_ms);
  if (r.end_ms) {
    w.key("EndTime");
    w.decimal_seconds(r.end_ms);
  }
  if (!r.manifest_key.empty()) w.field("ExportManifest", r.manifest_key);
  w.field("TableArn", r.table_arn);
  w.field("TableId", r.table_id);
  if (!r.incremental()) {
    w.key("ExportTime");
    w.decimal_seconds(r.export_ms);
  }
  w.field("ClientToken", r.client_token);
  w.field("S3Bucket", r.s3_bucket);
  if (!r.s3_bucket_owner.empty()) w.field("S3BucketOwner", r.s3_bucket_owner);
  if (!r.s3_prefix.empty()) w.field("S3Prefix", r.s3_prefix);
  w.field("S3SseAlgorithm", r.s3_sse_algorithm);
  if (!r.s3_sse_kms_key_id.empty()) w.field("S3SseKmsKeyId", r.s3_sse_kms_key_id);
  if (!r.failure_code.empty()) w.field("FailureCode", r.failure_code);
  if (!r.failure_message.empty()) w.field("FailureMessage", r.failure_message);
  w.field("ExportFormat", r.export_format);
  // DynamoDB shows the counters once an export has ended; Cairn shows them moving too, so
  // that a long export's progress can be followed (the ask; decision 0031).
  if (r.status != backup::ExportStatus::kInProgress || r.item_count > 0) {
    w.field("BilledSizeBytes", r.billed_size_bytes);
    w.field("ItemCount", r.item_count);
  }
  // DynamoDB echoes ExportType only when the request gave it.
  if (!r.export_type.empty()) w.field("ExportType", r.export_type);
  if (r.incremental()) {
    w.key("IncrementalExportSpecification");
    w.begin_object();
    w.key("ExportFromTime");
    w.decimal_seconds(r.from_ms);
    w.key("ExportToTime");
    w.decimal_seconds(r.to_ms);
    w.field("ExportViewType", r.view_type);
    w.end_object();
  }
  w.end_object();
}

// An incremental export covers at least the shortest window (DynamoDB's 15 minutes) and at
// most the longest (24 hours).
void check_incremental_window(int64_t from_ms, int64_t to_ms, const backup::ExportSettings& s) {
  auto spoken = [](std::chrono::milliseconds d) {
    const int64_t ms = d.count();
    if (ms % 3600000 == 0) return std::to_string(ms / 3600000) + " hours";
    if (ms % 60000 == 0) return std::to_string(ms / 60000) + " minutes";
    return std::to_string(ms / 1000.0) + " seconds";
  };
  if (to_ms <= from_ms) {
    throw ApiError::validation("Invalid Request: ExportFromTime must be before ExportToTime");
  }
  if (to_ms - from_ms < s.min_incremental_window.count()) {
    throw ApiError::validation(
        "Invalid Request: the period of an incremental export must be at least " +
        spoken(s.min_incremental_window));
  }
  if (to_ms - from_ms > s.max_incremental_window.count()) {
    throw ApiError::validation(
        "Invalid Request: the period of an incremental export must be at most " +
        spoken(s.max_incremental_window));
  }
}

void write_description_response(JsonWriter& out, const backup::ExportRecord& r) {
  out.begin_object();
  out.key("ExportDescription");
  write_export_description(out, r);
  out.end_object();
}

void export_table_to_point_in_time(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  const auto table_arn = r.string("TableArn");
  if (!table_arn) {
    c.not_null("tableArn");
  } else {
    c.length_between(*table_arn, "tableArn", 1, 1024);
  }
  const auto bucket = r.string("S3Bucket");
  check_s3_bucket(c, bucket, "s3Bucket");
  const auto owner = r.string("S3BucketOwner");
  check_s3_bucket_owner(c, owner, "s3BucketOwner");
  const auto prefix = r.string("S3Prefix");
  if (prefix) c.length_between(*prefix, "s3Prefix", 1, 1024);
  const auto token = r.string("ClientToken");
  check_client_token(c, token);
  const auto sse = r.string("S3SseAlgorithm");
  if (sse) c.one_of(*sse, "s3SseAlgorithm", {"AES256", "KMS"});
  const auto kms_key = r.string("S3SseKmsKeyId");
  if (kms_key) c.length_between(*kms_key, "s3SseKmsKeyId", 1, 2048);
  const auto format = r.string("ExportFormat");
  if (format) c.one_of(*format, "exportFormat", {"ION", "DYNAMODB_JSON"});
  const auto type = r.string("ExportType");
  if (type) c.one_of(*type, "exportType", {"FULL_EXPORT", "INCREMENTAL_EXPORT"});
  const auto spec_object = r.object("IncrementalExportSpecification");
  std::optional<RequestReader> spec;
  std::optional<std::string_view> view;
  if (spec_object) {
    spec.emplace(*spec_object);
    view = spec->string("ExportViewType");
    if (view) {
      c.one_of(*view, "incrementalExportSpecification.exportViewType",
               {"NEW_AND_OLD_IMAGES", "NEW_IMAGE"});
    }
  }
  c.throw_if_any();
  const auto export_time = r.timestamp_ms("ExportTime");
  // (Plain numbers, not optionals: g++ 12 sees optionals here as maybe uninitialized.)
  const bool has_from = spec && spec->has("ExportFromTime");
  const bool has_to = spec && spec->has("ExportToTime");
  const int64_t from = has_from ? spec->timestamp_ms("ExportFromTime").value_or(0) : 0;
  const int64_t to = has_to ? spec->timestamp_ms("ExportToTime").value_or(0) : 0;
  const bool incremental = type == "INCREMENTAL_EXPORT";

  if (table_arn->substr(0, 4) != "arn:") {
    throw ApiError::validation(
        "One or more parameter values were invalid: tableArn is not a valid ARN");
  }
  if (incremental) {
    if (export_time) {
      throw ApiError::validation(
          "Invalid Request: ExportTime is for a full export; an incremental export takes "
          "IncrementalExportSpecification");
    }
    if (!has_from) {
      throw ApiError::validation(
          "Invalid Request: an incremental export needs "
          "IncrementalExportSpecification.ExportFromTime");
    }
  } else if (spec) {
    throw ApiError::validation(
        "Invalid Request: IncrementalExportSpecification is for an incremental export "
        "(ExportType INCREMENTAL_EXPORT)");
  }
  if (prefix) {
    // A bucket is a directory: a key segment that is empty, "." or ".." cannot be stored
    // (S3 would take it as a name).
    std::string_view folder = *prefix;
    if (folder.size() > 1 && folder.back() == '/') folder.remove_suffix(1);
    if (!backup::is_safe_object_key(folder)) {
      throw ApiError::validation(
          "Invalid Request: Cairn keeps buckets as directories and "
          "cannot store keys under S3Prefix '" +
          std::string(*prefix) + "': it has an empty, '.' or '..' segment");
    }
  }
  if (kms_key && sse.value_or("AES256") != "KMS") {
    throw ApiError::validation(
        "Invalid Request: KMS Key Id is not supported for this encryption type");
  }
  backup::Exports& exports = exports_of(ctx);
  const engine::TablePtr table =
      backup_operation_table(ctx.engine.catalog(), ctx.account, ctx.region, *table_arn);
  const auto window = ctx.recovery ? ctx.recovery->window(*table) : std::nullopt;
  if (!window) {
    throw ApiError(ErrorType::kPointInTimeRecoveryUnavailable,
                   "Point in time recovery is not enabled for table '" + table->name + "'");
  }
  // DynamoDB's two words: a time it can never export, and one it cannot export yet.
  auto check_time = [&](int64_t at) {
    if (at < window->earliest_ms || at > now_ms()) {
      throw ApiError(ErrorType::kInvalidExportTime, "Export Time is invalid");
    }
    if (at > window->latest_ms) {
      throw ApiError(ErrorType::kInvalidExportTime,
                     "Point in Time Recovery is not available for specified export time");
    }
  };
  if (export_time) check_time(*export_time);
  // An incremental export's window: its end is the latest restorable time unless given.
  const int64_t to_ms = !incremental ? 0 : has_to ? to : window->latest_ms;
  if (incremental) {
    check_time(from);
    check_time(to_ms);
    check_incremental_window(from, to_ms, exports.settings());
  }

  backup::ExportRecord request;
  request.table_arn = table->arn;
  request.table_id = table->table_id;
  request.table_storage_id = table->storage_id;
  request.account = std::string(ctx.account);
  request.region = std::string(ctx.region);
  request.export_time_given = export_time.has_value();
  request.export_ms = export_time.value_or(0);
  request.client_token = token ? std::string(*token) : engine::random_uuid();
  request.s3_bucket = std::string(*bucket);
  request.s3_bucket_owner = std::string(owner.value_or(""));
  request.s3_prefix = std::string(prefix.value_or(""));
  request.s3_sse_algorithm = std::string(sse.value_or("AES256"));
  request.s3_sse_kms_key_id = std::string(kms_key.value_or(""));
  request.export_format = std::string(format.value_or("DYNAMODB_JSON"));
  request.export_type = std::string(type.value_or(""));
  if (incremental) {
    request.from_ms = from;
    request.to_ms = to_ms;
    request.view_type = std::string(view.value_or("NEW_AND_OLD_IMAGES"));
  }
  // What a repeat with the same ClientToken must ask again to be the same request.
  request.request_fingerprint =
      request.table_arn + '\n' + std::to_string(request.export_ms) + '\n' + request.s3_bucket +
      '\n' + request.s3_bucket_owner + '\n' + request.s3_prefix + '\n' + request.s3_sse_algorithm +
      '\n' + request.s3_sse_kms_key_id + '\n' + request.export_format + '\n' + request.export_type +
      '\n' + std::to_string(request.from_ms) + '\n' + std::to_string(to) + '\n' + request.view_type;
  write_description_response(out, exports.start(std::move(request), table));
}

void describe_export(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  const auto arn = r.string("ExportArn");
  if (!arn) {
    c.not_null("exportArn");
  } else {
    c.length_between(*arn, "exportArn", 37, 1024);
  }
  c.throw_if_any();
  backup::Exports& exports = exports_of(ctx);
  if (backup::operation_id_of(*arn, "export").empty()) {
    throw ApiError::validation("Invalid Export ARN");
  }
  const auto found = exports.find(*arn);
  if (!found || found->account != ctx.account || found->region != ctx.region) {
    throw ApiError(ErrorType::kExportNotFound,
                   "Export not found: Export not found: " + std::string(*arn));
  }
  write_description_response(out, *found);
}

void list_exports(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  const auto table_arn = r.string("TableArn");
  if (table_arn) c.length_between(*table_arn, "tableArn", 1, 1024);
  const auto max_results = r.integer("MaxResults");
  if (max_results) {
    c.at_least(*max_results, "maxResults", 1);
    c.at_most(*max_results, "maxResults", kMaxListExports);
  }
  const auto next_token = r.string("NextToken");
  c.throw_if_any();
  backup::Exports& exports = exports_of(ctx);
  std::vector<backup::ExportRecord> listed = exports.list(ctx.account, ctx.region);
  if (table_arn) {
    // The exports of the table that has the ARN now: none once it is deleted, as DynamoDB.
    const engine::TablePtr table = ctx.engine.catalog().find_by_arn(*table_arn);
    std::erase_if(listed, [&](const backup::ExportRecord& e) {
      return !table || e.table_id != table->table_id;
    });
  }
  // DynamoDB lists in reverse order of ExportArn.
  std::sort(listed.begin(), listed.end(),
            [](const backup::ExportRecord& a, const backup::ExportRecord& b) {
              return a.arn() > b.arn();
            });
  std::vector<std::string> arns;
  for (const backup::ExportRecord& e : listed) arns.push_back(e.arn());
  const Page page =
      page_of(arns, next_token, static_cast<size_t>(max_results.value_or(kMaxListExports)));
  out.begin_object();
  out.key("ExportSummaries");
  out.begin_array();
  for (size_t i = page.begin; i < page.end; ++i) {
    out.begin_object();
    out.field("ExportArn", arns[i]);
    out.field("ExportStatus", backup::operation_status_name(listed[i].status));
    out.field("ExportType", listed[i].export_type.empty()
                                ? std::string_view("FULL_EXPORT")
                                : std::string_view(listed[i].export_type));
    out.end_object();
  }
  out.end_array();
  if (page.next_token) out.field("NextToken", *page.next_token);
  out.end_object();
}

}  // namespace

void register_export_ops(HandlerTable& table) {
  table["ExportTableToPointInTime"] = export_table_to_point_in_time;
  table["DescribeExport"] = describe_export;
  table["ListExports"] = list_exports;
}

}  // namespace cairn::api
