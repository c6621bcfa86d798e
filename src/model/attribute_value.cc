#include "model/attribute_value.h"

#include <algorithm>

namespace cairn {

std::string_view type_name(AttrType type) {
  switch (type) {
    case AttrType::S:
      return "S";
    case AttrType::N:
      return "N";
    case AttrType::B:
      return "B";
    case AttrType::BOOL:
      return "BOOL";
    case AttrType::NUL:
      return "NULL";
    case AttrType::M:
      return "M";
    case AttrType::L:
      return "L";
    case AttrType::SS:
      return "SS";
    case AttrType::NS:
      return "NS";
    case AttrType::BS:
      return "BS";
  }
  return "";
}

bool parse_type_name(std::string_view name, AttrType& out) {
  static constexpr AttrType kAll[] = {AttrType::S,   AttrType::N, AttrType::B, AttrType::BOOL,
                                      AttrType::NUL, AttrType::M, AttrType::L, AttrType::SS,
                                      AttrType::NS,  AttrType::BS};
  for (AttrType t : kAll) {
    if (type_name(t) == name) {
      out = t;
      return true;
    }
  }
  return false;
}

bool AttributeValue::operator==(const AttributeValue& other) const {
  if (type != other.type) return false;
  switch (type) {
    case AttrType::S:
    case AttrType::N:
    case AttrType::B:
      return scalar == other.scalar;
    case AttrType::BOOL:
      return boolean == other.boolean;
    case AttrType::NUL:
      return true;
    case AttrType::M:
      return map == other.map;
    case AttrType::L:
      return list == other.list;
    case AttrType::SS:
    case AttrType::NS:
    case AttrType::BS: {
      if (set.size() != other.set.size()) return false;
      std::vector<std::string_view> a(set.begin(), set.end()),
          b(other.set.begin(), other.set.end());
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      return a == b;
    }
  }
  return false;
}

}  // namespace cairn
