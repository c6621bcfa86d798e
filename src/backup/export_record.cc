#include "backup/export_record.h"

#include "backup/record_fields.h"
#include "model/item_codec.h"

namespace cairn::backup {

std::string ExportRecord::folder_key() const {
  std::string key = s3_prefix;
  if (!key.empty() && key.back() != '/') key.push_back('/');
  return key + "AWSDynamoDB/" + id;
}

std::string encode_export_record(const ExportRecord& r) {
  Item item;
  auto text = [&](const char* name, const std::string& value) { put_text(item, name, value); };
  auto number = [&](const char* name, int64_t value) { item[name] = number_value(value); };
  text("id", r.id);
  text("table_arn", r.table_arn);
  text("table_id", r.table_id);
  number("table_storage_id", static_cast<int64_t>(r.table_storage_id));
  text("account", r.account);
  text("region", r.region);
  text("status", std::string(operation_status_name(r.status)));
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
  number("from_ms", r.from_ms);
  number("to_ms", r.to_ms);
  text("view_type", r.view_type);
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
  r.id = string_field(item, "id");
  r.table_arn = string_field(item, "table_arn");
  r.table_id = string_field(item, "table_id");
  r.table_storage_id = static_cast<uint64_t>(number_field(item, "table_storage_id"));
  r.account = string_field(item, "account");
  r.region = string_field(item, "region");
  r.status = operation_status_of(string_field(item, "status"));
  r.start_ms = number_field(item, "start_ms");
  r.end_ms = number_field(item, "end_ms");
  r.export_ms = number_field(item, "export_ms");
  r.export_time_given = number_field(item, "export_time_given") != 0;
  r.client_token = string_field(item, "client_token");
  r.request_fingerprint = string_field(item, "request_fingerprint");
  r.s3_bucket = string_field(item, "s3_bucket");
  r.s3_bucket_owner = string_field(item, "s3_bucket_owner");
  r.s3_prefix = string_field(item, "s3_prefix");
  r.s3_sse_algorithm = string_field(item, "s3_sse_algorithm");
  r.s3_sse_kms_key_id = string_field(item, "s3_sse_kms_key_id");
  r.export_format = string_field(item, "export_format");
  r.export_type = string_field(item, "export_type");
  r.from_ms = number_field(item, "from_ms");
  r.to_ms = number_field(item, "to_ms");
  r.view_type = string_field(item, "view_type");
  r.failure_code = string_field(item, "failure_code");
  r.failure_message = string_field(item, "failure_message");
  r.manifest_key = string_field(item, "manifest_key");
  r.item_count = number_field(item, "item_count");
  r.billed_size_bytes = number_field(item, "billed_size_bytes");
  return r;
}

}  // namespace cairn::backup
