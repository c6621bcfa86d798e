#include "api/export_format.h"

#include "api/attribute_json.h"
#include "api/json_writer.h"
#include "model/clock.h"

namespace cairn::api {
namespace {

// A string member, or null where the export has none (AWS writes "s3SseKmsKeyId": null).
void string_or_null(JsonWriter& w, std::string_view name, std::string_view value) {
  w.key(name);
  if (value.empty()) {
    w.null();
  } else {
    w.string(value);
  }
}

}  // namespace

void DynamoDbJsonExportFormat::append_item_line(std::string_view stored, std::string& out) const {
  thread_local OutputBuffer buffer;
  buffer.clear();
  JsonWriter w(buffer);
  w.begin_object();
  w.key("Item");
  write_stored_item(w, stored);
  w.end_object();
  out.append(buffer.view());
  out.push_back('\n');
}

std::string DynamoDbJsonExportFormat::manifest_files(
    const std::vector<backup::ExportDataFile>& files) const {
  std::string out;
  OutputBuffer buffer;
  for (const backup::ExportDataFile& file : files) {
    buffer.clear();
    JsonWriter w(buffer);
    w.begin_object();
    w.field("itemCount", file.item_count);
    w.field("md5Checksum", file.digest.md5_base64);
    w.field("etag", file.digest.md5_hex);
    w.field("dataFileS3Key", file.key);
    w.end_object();
    out.append(buffer.view());
    out.push_back('\n');
  }
  return out;
}

std::string DynamoDbJsonExportFormat::manifest_summary(const backup::ExportRecord& r,
                                                       std::string_view manifest_files_key) const {
  OutputBuffer buffer;
  JsonWriter w(buffer);
  w.begin_object();
  w.field("version", "2020-06-30");
  w.field("exportArn", r.arn());
  w.field("startTime", iso8601_utc_ms(r.start_ms));
  w.field("endTime", iso8601_utc_ms(r.end_ms));
  w.field("tableArn", r.table_arn);
  w.field("tableId", r.table_id);
  w.field("exportTime", iso8601_utc_ms(r.export_ms));
  w.field("s3Bucket", r.s3_bucket);
  string_or_null(w, "s3Prefix", r.s3_prefix);
  w.field("s3SseAlgorithm", r.s3_sse_algorithm);
  string_or_null(w, "s3SseKmsKeyId", r.s3_sse_kms_key_id);
  w.field("manifestFilesS3Key", manifest_files_key);
  w.field("billedSizeBytes", r.billed_size_bytes);
  w.field("itemCount", r.item_count);
  w.field("outputFormat", r.export_format);
  w.end_object();
  std::string out(buffer.view());
  out.push_back('\n');
  return out;
}

}  // namespace cairn::api
