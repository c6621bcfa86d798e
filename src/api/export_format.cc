#include "api/export_format.h"

#include "api/attribute_json.h"
#include "api/ion_text.h"
#include "api/json_writer.h"
#include "model/clock.h"
#include "model/item_codec.h"

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

void DynamoDbJsonExportFormat::append_change_line(const backup::WindowChange& change,
                                                  const std::vector<std::string>& key_names,
                                                  bool old_images, std::string& out) const {
  thread_local OutputBuffer buffer;
  buffer.clear();
  JsonWriter w(buffer);
  w.begin_object();
  w.key("Metadata");
  w.begin_object();
  w.key("WriteTimestampMicros");
  w.begin_object();
  w.field("N", std::to_string(change.last_write_us));
  w.end_object();
  w.end_object();
  // The key from whichever image there is (they share it).
  const Item image = decode_item(change.after ? *change.after : *change.before);
  w.key("Keys");
  w.begin_object();
  for (const std::string& name : key_names) {
    if (auto it = image.find(name); it != image.end()) {
      w.key(name);
      write_attribute_value(w, it->second);
    }
  }
  w.end_object();
  // A removal has no new image; an item made in the window no old one.
  if (change.after) {
    w.key("NewImage");
    write_stored_item(w, *change.after);
  }
  if (old_images && change.before) {
    w.key("OldImage");
    write_stored_item(w, *change.before);
  }
  w.end_object();
  out.append(buffer.view());
  out.push_back('\n');
}

void IonExportFormat::append_item_line(std::string_view stored, std::string& out) const {
  out += "$ion_1_0 {Item:";
  append_ion_item(stored, out);
  out += "}\n";
}

void IonExportFormat::append_change_line(const backup::WindowChange& change,
                                         const std::vector<std::string>& key_names, bool old_images,
                                         std::string& out) const {
  out += "$ion_1_0 {Metadata:{WriteTimestampMicros:";
  out += std::to_string(change.last_write_us);
  out += ".},Keys:";
  const Item image = decode_item(change.after ? *change.after : *change.before);
  Item keys;
  for (const std::string& name : key_names) {
    if (auto it = image.find(name); it != image.end()) keys.emplace(name, it->second);
  }
  append_ion_item(keys, out);
  if (change.after) {
    out += ",NewImage:";
    append_ion_item(*change.after, out);
  }
  if (old_images && change.before) {
    out += ",OldImage:";
    append_ion_item(*change.before, out);
  }
  out += "}\n";
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
  if (r.incremental()) {
    w.field("exportFromTime", iso8601_utc_ms(r.from_ms));
    w.field("exportToTime", iso8601_utc_ms(r.to_ms));
  } else {
    w.field("exportTime", iso8601_utc_ms(r.export_ms));
  }
  w.field("s3Bucket", r.s3_bucket);
  string_or_null(w, "s3Prefix", r.s3_prefix);
  w.field("s3SseAlgorithm", r.s3_sse_algorithm);
  string_or_null(w, "s3SseKmsKeyId", r.s3_sse_kms_key_id);
  w.field("manifestFilesS3Key", manifest_files_key);
  w.field("billedSizeBytes", r.billed_size_bytes);
  w.field("itemCount", r.item_count);
  w.field("outputFormat", r.export_format);
  if (r.incremental()) {
    w.field("exportType", r.export_type);
    w.field("outputView", r.view_type);
  }
  w.end_object();
  std::string out(buffer.view());
  out.push_back('\n');
  return out;
}

}  // namespace cairn::api
