#include "engine/stored_form.h"

#include "model/api_error.h"

namespace cairn::engine::stored {

AttributeValue str(std::string s) {
  return AttributeValue::string(std::move(s));
}

AttributeValue num(int64_t v) {
  return AttributeValue::number(std::to_string(v));
}

AttributeValue boolean(bool b) {
  AttributeValue v;
  v.type = AttrType::BOOL;
  v.boolean = b;
  return v;
}

AttributeValue list(std::vector<AttributeValue> elements) {
  AttributeValue v;
  v.type = AttrType::L;
  v.list = std::move(elements);
  return v;
}

const AttributeValue& field(const Item& item, std::string_view name) {
  auto it = item.find(name);
  if (it == item.end()) throw ApiError::internal("corrupt metadata: no " + std::string(name));
  return it->second;
}

int64_t num_field(const Item& item, std::string_view name) {
  return std::stoll(field(item, name).scalar);
}

AttributeValue key_element(const KeyElement& k) {
  AttributeValue v;
  v.type = AttrType::M;
  v.map["name"] = str(k.name);
  v.map["type"] = str(std::string(type_name(k.type)));
  return v;
}

KeyElement key_element_from(const AttributeValue& v) {
  KeyElement k;
  k.name = field(v.map, "name").scalar;
  parse_type_name(field(v.map, "type").scalar, k.type);
  return k;
}

}  // namespace cairn::engine::stored
