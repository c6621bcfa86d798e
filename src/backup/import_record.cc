#include "backup/import_record.h"

#include "backup/record_fields.h"
#include "model/item_codec.h"

namespace cairn::backup {

std::string encode_import_record(const ImportRecord& r) {
  Item item;
  auto text = [&](const char* name, const std::string& value) { put_text(item, name, value); };
  auto number = [&](const char* name, int64_t value) { item[name] = number_value(value); };
  text("id", r.id);
  AttributeValue table;
  table.type = AttrType::M;
  table.map = engine::table_info_to_item(r.table);
  item["table"] = std::move(table);
  text("status", std::string(operation_status_name(r.status)));
  text("client_token", r.client_token);
  text("s3_bucket", r.s3_bucket);
  text("s3_bucket_owner", r.s3_bucket_owner);
  text("s3_key_prefix", r.s3_key_prefix);
  text("input_format", r.input_format);
  text("input_compression", r.input_compression);
  number("csv_options_given", r.csv_options_given ? 1 : 0);
  text("csv_delimiter", r.csv_delimiter);
  if (r.csv_header_list) {
    AttributeValue headers;
    headers.type = AttrType::L;
    for (const std::string& h : *r.csv_header_list) {
      headers.list.push_back(AttributeValue::string(h));
    }
    item["csv_header_list"] = std::move(headers);
  }
  text("table_creation_parameters", r.table_creation_parameters);
  number("start_ms", r.start_ms);
  number("end_ms", r.end_ms);
  number("processed_size_bytes", r.processed_size_bytes);
  number("processed_item_count", r.processed_item_count);
  number("imported_item_count", r.imported_item_count);
  number("error_count", r.error_count);
  text("failure_code", r.failure_code);
  text("failure_message", r.failure_message);
  return encode_item(item);
}

ImportRecord decode_import_record(std::string_view bytes) {
  const Item item = decode_item(bytes);
  ImportRecord r;
  r.id = string_field(item, "id");
  if (auto it = item.find("table"); it != item.end()) {
    r.table = engine::table_info_from_item(it->second.map);
  }
  r.status = operation_status_of(string_field(item, "status"));
  r.client_token = string_field(item, "client_token");
  r.s3_bucket = string_field(item, "s3_bucket");
  r.s3_bucket_owner = string_field(item, "s3_bucket_owner");
  r.s3_key_prefix = string_field(item, "s3_key_prefix");
  r.input_format = string_field(item, "input_format");
  r.input_compression = string_field(item, "input_compression");
  r.csv_options_given = number_field(item, "csv_options_given") != 0;
  r.csv_delimiter = string_field(item, "csv_delimiter");
  if (auto it = item.find("csv_header_list"); it != item.end()) {
    std::vector<std::string> headers;
    for (const AttributeValue& h : it->second.list) headers.push_back(h.scalar);
    r.csv_header_list = std::move(headers);
  }
  r.table_creation_parameters = string_field(item, "table_creation_parameters");
  r.start_ms = number_field(item, "start_ms");
  r.end_ms = number_field(item, "end_ms");
  r.processed_size_bytes = number_field(item, "processed_size_bytes");
  r.processed_item_count = number_field(item, "processed_item_count");
  r.imported_item_count = number_field(item, "imported_item_count");
  r.error_count = number_field(item, "error_count");
  r.failure_code = string_field(item, "failure_code");
  r.failure_message = string_field(item, "failure_message");
  return r;
}

}  // namespace cairn::backup
