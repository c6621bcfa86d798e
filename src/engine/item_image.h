// One side of an item's change, as the parts that follow a write (index entries, item
// collection sizes, stream records, expiry entries) see it: the item, its DynamoDB size
// measured once by the write, and, when at hand, its stored form.
#pragma once

#include <cstddef>
#include <string_view>

#include "model/attribute_value.h"

namespace cairn::engine {

struct ItemImage {
  const Item* item = nullptr;  // nullptr: no item on this side
  size_t size = 0;             // item_size(*item); 0 when absent
  std::string_view stored;     // *item encoded (model/item_codec.h), or empty

  static ItemImage absent() { return {}; }
};

}  // namespace cairn::engine
