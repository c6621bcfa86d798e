// TableInfo: everything the engine knows about one table. Immutable once published in
// the catalogue; a change builds a new TableInfo and swaps it in.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/attribute_value.h"

namespace cairn::engine {

struct KeyElement {
  std::string name;
  AttrType type = AttrType::S;  // S, N or B
};

enum class BillingMode { kProvisioned, kPayPerRequest };

struct Throughput {
  int64_t read_capacity = 0;
  int64_t write_capacity = 0;
  int64_t last_increase_ms = 0;
  int64_t last_decrease_ms = 0;
  int64_t decreases_today = 0;
};

struct TableInfo {
  std::string name;
  uint64_t storage_id = 0;  // prefix of the table's item keys; never reused
  std::string table_id;     // the UUID DynamoDB reports as TableId
  std::string arn;
  KeyElement hash_key;
  std::optional<KeyElement> range_key;
  // AttributeName -> type, as declared (only key attributes may be declared).
  std::map<std::string, AttrType> attribute_definitions;
  BillingMode billing_mode = BillingMode::kProvisioned;
  int64_t billing_mode_updated_ms = 0;
  Throughput throughput;
  std::string table_class = "STANDARD";
  bool deletion_protection = false;
  int64_t created_ms = 0;
  std::map<std::string, std::string> tags;

  bool is_key_attribute(std::string_view attr) const {
    return attr == hash_key.name || (range_key && attr == range_key->name);
  }
};

// The catalogue stores a TableInfo with the ordinary item codec, as an Item.
Item table_info_to_item(const TableInfo& t);
TableInfo table_info_from_item(const Item& item);

}  // namespace cairn::engine
