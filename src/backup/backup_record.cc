#include "backup/backup_record.h"

#include "model/item_codec.h"

namespace cairn::backup {
namespace {

AttributeValue number(int64_t n) {
  return AttributeValue::number(std::to_string(n));
}

int64_t number_of(const Item& item, std::string_view name) {
  auto it = item.find(name);
  return it == item.end() ? 0 : std::stoll(it->second.scalar);
}

std::string string_of(const Item& item, std::string_view name) {
  auto it = item.find(name);
  return it == item.end() ? std::string() : it->second.scalar;
}

}  // namespace

std::string_view backup_type_name(BackupType type) {
  return type == BackupType::kSystem ? "SYSTEM" : "USER";
}

std::string encode_backup_record(const BackupRecord& record) {
  Item item;
  item["id"] = AttributeValue::string(record.id);
  item["name"] = AttributeValue::string(record.name);
  item["type"] = AttributeValue::string(std::string(backup_type_name(record.type)));
  item["created_ms"] = number(record.created_ms);
  item["expiry_ms"] = number(record.expiry_ms);
  item["size_bytes"] = number(record.size_bytes);
  item["item_count"] = number(record.item_count);
  AttributeValue table;
  table.type = AttrType::M;
  table.map = engine::table_info_to_item(record.table);
  item["table"] = std::move(table);
  return encode_item(item);
}

BackupRecord decode_backup_record(std::string_view bytes) {
  const Item item = decode_item(bytes);
  BackupRecord record;
  record.id = string_of(item, "id");
  record.name = string_of(item, "name");
  record.type = string_of(item, "type") == "SYSTEM" ? BackupType::kSystem : BackupType::kUser;
  record.created_ms = number_of(item, "created_ms");
  record.expiry_ms = number_of(item, "expiry_ms");
  record.size_bytes = number_of(item, "size_bytes");
  record.item_count = number_of(item, "item_count");
  if (auto it = item.find("table"); it != item.end()) {
    record.table = engine::table_info_from_item(it->second.map);
  }
  return record;
}

}  // namespace cairn::backup
