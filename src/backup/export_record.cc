#include "backup/export_record.h"

#include "model/item_codec.h"

namespace cairn::backup {
namespace {

int64_t number_of(const Item& item, std::string_view name) {
  auto it = item.find(name);
  return it == item.end() ? 0 : std::stoll(it->second.scalar);
}

std::string string_of(const Item& item, std::string_view name) {
  auto it = item.find(name);
  return it == item.end() ? std::string() : it->second.scalar;
}

}  // namespace

std::string_view export_status_name(ExportStatus status) {
  switch (status) {
    case ExportStatus::kInProgress:
      return "IN_PROGRESS";
    case ExportStatus::kCompleted:
      return "COMPLETED";
    case ExportStatus::kFailed:
      return "FAILED";
  }
  return "FAILED";
}

std::string ExportRecord::folder_key() const {
  std::string key = s3_prefix;
  if (!key.empty() && key.back() != '/') key.push_back('/');
  return key + "AWSDynamoDB/" + id;
}

std::string encode_export_record(const ExportRecord& r) {
  Item item;
  auto text = [&](const char* name, const std::string& value) {
    if (!value.empty()) item[name] = AttributeValue::string(value);
  };
  auto number = [&](const char* name, int64_t value) {
    item[name] = AttributeValue::number(std::to_string(value));
  };
  text("id", r.id);
  text("table_arn", r.table_arn);
  text("table_id", r.table_id);
  number("table_storage_id", static_cast<int64_t>(r.table_storage_id));
  text("account", r.account);
  text("region", r.region);
  text("status", std::string(export_status_name(r.status)));
  number("start_ms", r.start_ms);
  number("end_ms", r.end_ms);
  number("export_ms", r.export_ms);
  number("export_time_given", r.export_time_given ? 1 : 0);
  text("client_token", r.client_token);
  text("request_fingerprint", r.request_fingerprint);
  text("s3_bucket", r.s3_bucket);
  text("s3_bucket_owner", r.s3_bucket_owner);
  text("s3_prefix", r.s3_prefix);
  text("s3_sse_algorithm", r.s3_sse_algorithm);
  text("s3_sse_kms_key_id", r.s3_sse_kms_key_id);
  text("export_format", r.export_format);
  text("export_type", r.export_type);
  text("failure_code", r.failure_code);
  text("failure_message", r.failure_message);
  text("manifest_key", r.manifest_key);
  number("item_count", r.item_count);
  number("billed_size_bytes", r.billed_size_bytes);
  return encode_item(item);
}

ExportRecord decode_export_record(std::string_view bytes) {
  const Item item = decode_item(bytes);
  ExportRecord r;
  r.id = string_of(item, "id");
  r.table_arn = string_of(item, "table_arn");
  r.table_id = string_of(item, "table_id");
  r.table_storage_id = static_cast<uint64_t>(number_of(item, "table_storage_id"));
  r.account = string_of(item, "account");
  r.region = string_of(item, "region");
  const std::string status = string_of(item, "status");
  r.status = status == "COMPLETED" ? ExportStatus::kCompleted
             : status == "FAILED"  ? ExportStatus::kFailed
                                   : ExportStatus::kInProgress;
  r.start_ms = number_of(item, "start_ms");
  r.end_ms = number_of(item, "end_ms");
  r.export_ms = number_of(item, "export_ms");
  r.export_time_given = number_of(item, "export_time_given") != 0;
  r.client_token = string_of(item, "client_token");
  r.request_fingerprint = string_of(item, "request_fingerprint");
  r.s3_bucket = string_of(item, "s3_bucket");
  r.s3_bucket_owner = string_of(item, "s3_bucket_owner");
  r.s3_prefix = string_of(item, "s3_prefix");
  r.s3_sse_algorithm = string_of(item, "s3_sse_algorithm");
  r.s3_sse_kms_key_id = string_of(item, "s3_sse_kms_key_id");
  r.export_format = string_of(item, "export_format");
  r.export_type = string_of(item, "export_type");
  r.failure_code = string_of(item, "failure_code");
  r.failure_message = string_of(item, "failure_message");
  r.manifest_key = string_of(item, "manifest_key");
  r.item_count = number_of(item, "item_count");
  r.billed_size_bytes = number_of(item, "billed_size_bytes");
  return r;
}

}  // namespace cairn::backup
