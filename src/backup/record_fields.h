// The fields of the records backup/ keeps with the item codec (backups, exports, imports):
// a missing field reads as zero or empty, so that a record written before a field existed
// still reads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace cairn::backup {

inline int64_t number_field(const Item& item, std::string_view name) {
  auto it = item.find(name);
  return it == item.end() ? 0 : std::stoll(it->second.scalar);
}

inline std::string string_field(const Item& item, std::string_view name) {
  auto it = item.find(name);
  return it == item.end() ? std::string() : it->second.scalar;
}

// A text field, left out when empty (it reads back as empty).
inline void put_text(Item& item, const char* name, const std::string& value) {
  if (!value.empty()) item[name] = AttributeValue::string(value);
}

inline AttributeValue number_value(int64_t n) {
  return AttributeValue::number(std::to_string(n));
}

}  // namespace cairn::backup
