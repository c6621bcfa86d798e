#include "backup/backup_record.h"

#include "backup/record_fields.h"
#include "model/item_codec.h"

namespace cairn::backup {

std::string_view backup_type_name(BackupType type) {
  return type == BackupType::kSystem ? "SYSTEM" : "USER";
}

std::string encode_backup_record(const BackupRecord& record) {
  Item item;
  item["id"] = AttributeValue::string(record.id);
  item["name"] = AttributeValue::string(record.name);
  item["type"] = AttributeValue::string(std::string(backup_type_name(record.type)));
  item["created_ms"] = number_value(record.created_ms);
  item["expiry_ms"] = number_value(record.expiry_ms);
  item["size_bytes"] = number_value(record.size_bytes);
  item["item_count"] = number_value(record.item_count);
  AttributeValue table;
  table.type = AttrType::M;
  table.map = engine::table_info_to_item(record.table);
  item["table"] = std::move(table);
  return encode_item(item);
}

BackupRecord decode_backup_record(std::string_view bytes) {
  const Item item = decode_item(bytes);
  BackupRecord record;
  record.id = string_field(item, "id");
  record.name = string_field(item, "name");
  record.type = string_field(item, "type") == "SYSTEM" ? BackupType::kSystem : BackupType::kUser;
  record.created_ms = number_field(item, "created_ms");
  record.expiry_ms = number_field(item, "expiry_ms");
  record.size_bytes = number_field(item, "size_bytes");
  record.item_count = number_field(item, "item_count");
  if (auto it = item.find("table"); it != item.end()) {
    record.table = engine::table_info_from_item(it->second.map);
  }
  return record;
}

}  // namespace cairn::backup
