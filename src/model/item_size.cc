#include "model/item_size.h"

namespace cairn {
namespace {

// Leading and trailing zeros are trimmed; one byte per two significant digits plus one.
size_t number_size(std::string_view canonical) {
  size_t digits = 0;
  size_t first = canonical.find_first_not_of("-0.");
  if (first == std::string_view::npos) return 1;
  size_t last = canonical.find_last_not_of("0.");
  for (size_t i = first; i <= last && i < canonical.size(); ++i) {
    if (canonical[i] >= '0' && canonical[i] <= '9') ++digits;
  }
  return (digits + 1) / 2 + 1;
}

}  // namespace

size_t value_size(const AttributeValue& v) {
  switch (v.type) {
    case AttrType::S:
    case AttrType::B:
      return v.scalar.size();
    case AttrType::N:
      return number_size(v.scalar);
    case AttrType::BOOL:
    case AttrType::NUL:
      return 1;
    case AttrType::SS:
    case AttrType::BS: {
      size_t n = 0;
      for (const auto& m : v.set) n += m.size();
      return n;
    }
    case AttrType::NS: {
      size_t n = 0;
      for (const auto& m : v.set) n += number_size(m);
      return n;
    }
    case AttrType::L: {
      size_t n = 3;
      for (const auto& e : v.list) n += 1 + value_size(e);
      return n;
    }
    case AttrType::M: {
      size_t n = 3;
      for (const auto& [name, e] : v.map) n += 1 + name.size() + value_size(e);
      return n;
    }
  }
  return 0;
}

size_t item_size(const Item& item) {
  size_t n = 0;
  for (const auto& [name, v] : item) n += name.size() + value_size(v);
  return n;
}

}  // namespace cairn
