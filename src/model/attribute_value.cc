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

// By length and first letter: every attribute value of every request names its type, so
// this is on the path of each one. The answer is checked against type_name, the one
// spelling of each descriptor.
bool parse_type_name(std::string_view name, AttrType& out) {
  AttrType t;
  switch (name.size()) {
    case 1:
      switch (name[0]) {
        case 'S':
          t = AttrType::S;
          break;
        case 'N':
          t = AttrType::N;
          break;
        case 'B':
          t = AttrType::B;
          break;
        case 'M':
          t = AttrType::M;
          break;
        case 'L':
          t = AttrType::L;
          break;
        default:
          return false;
      }
      break;
    case 2:
      switch (name[0]) {
        case 'S':
          t = AttrType::SS;
          break;
        case 'N':
          t = AttrType::NS;
          break;
        case 'B':
          t = AttrType::BS;
          break;
        default:
          return false;
      }
      break;
    case 4:
      switch (name[0]) {
        case 'B':
          t = AttrType::BOOL;
          break;
        case 'N':
          t = AttrType::NUL;
          break;
        default:
          return false;
      }
      break;
    default:
      return false;
  }
  if (type_name(t) != name) return false;
  out = t;
  return true;
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
