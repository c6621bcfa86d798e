// The engine keeps its own metadata (tables, stream descriptors) as Items in the item
// codec. These build and read their fields; a missing field is corrupt metadata.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine::stored {

AttributeValue str(std::string s);
AttributeValue num(int64_t v);
AttributeValue boolean(bool b);
AttributeValue list(std::vector<AttributeValue> elements);
// The field, or InternalServerError ("corrupt metadata").
const AttributeValue& field(const Item& item, std::string_view name);
int64_t num_field(const Item& item, std::string_view name);
AttributeValue key_element(const KeyElement& k);
KeyElement key_element_from(const AttributeValue& v);

}  // namespace cairn::engine::stored
