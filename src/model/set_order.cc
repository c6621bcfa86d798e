#include "model/set_order.h"

#include "model/number.h"

namespace cairn {

bool set_member_less(AttrType type, std::string_view a, std::string_view b) {
  if (type == AttrType::NS) return Number::compare_canonical(a, b) < 0;
  // string_view compares through char_traits<char>, which orders as unsigned bytes.
  return a < b;
}

}  // namespace cairn
