// DynamoDB's item size rules: what counts toward the 400 KB item limit and toward
// capacity units. Documented at "DynamoDB item sizes and formats".
#pragma once

#include <cstddef>
#include <string_view>

#include "model/attribute_value.h"

namespace cairn {

constexpr size_t kMaxItemSize = 400 * 1024;
// ValidationException "Item size has exceeded the maximum allowed size" past kMaxItemSize.
void check_item_size_limit(size_t size);

// Size of a value alone (without its attribute name).
size_t value_size(const AttributeValue& value);
// Size of a whole item: every attribute name plus its value.
size_t item_size(const Item& item);
// item_size of an item in its stored form (item_codec.h), without decoding it.
size_t stored_item_size(std::string_view stored);

}  // namespace cairn
