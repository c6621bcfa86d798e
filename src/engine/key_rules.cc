#include "engine/key_rules.h"

#include "model/api_error.h"

namespace cairn::engine {
namespace {

ApiError schema_mismatch() {
  return ApiError::validation("The provided key element does not match the schema");
}

void check_value(const KeyElement& element, const AttributeValue& v, bool is_hash) {
  if (v.scalar.empty()) {
    throw ApiError::validation(
        std::string("One or more parameter values are not valid. The AttributeValue for a key "
                    "attribute cannot contain an empty ") +
        (v.type == AttrType::B ? "binary" : "string") + " value. Key: " + element.name);
  }
  if (is_hash && v.scalar.size() > kMaxPartitionKeySize) {
    throw ApiError::validation(
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
        "size limit of2048 bytes");
  }
  if (!is_hash && v.scalar.size() > kMaxSortKeySize) {
    throw ApiError::validation(
        "One or more parameter values were invalid: Aggregated size of all range keys has "
        "exceeded the size limit of 1024 bytes");
  }
}

const AttributeValue* item_key_attribute(const Item& item, const KeyElement& element,
                                         bool is_hash) {
  auto it = item.find(element.name);
  if (it == item.end()) {
    throw ApiError::validation("One or more parameter values were invalid: Missing the key " +
                               element.name + " in the item");
  }
  if (it->second.type != element.type) {
    throw ApiError::validation("One or more parameter values were invalid: Type mismatch for key " +
                               element.name + " expected: " + std::string(type_name(element.type)) +
                               " actual: " + std::string(type_name(it->second.type)));
  }
  check_value(element, it->second, is_hash);
  return &it->second;
}

const AttributeValue* key_attribute(const Item& key, const KeyElement& element, bool is_hash) {
  auto it = key.find(element.name);
  if (it == key.end() || it->second.type != element.type) throw schema_mismatch();
  check_value(element, it->second, is_hash);
  return &it->second;
}

}  // namespace

KeyRef validate_item_key(const TableInfo& table, const Item& item) {
  KeyRef ref;
  ref.hash = item_key_attribute(item, table.hash_key, true);
  if (table.range_key) ref.range = item_key_attribute(item, *table.range_key, false);
  return ref;
}

KeyRef validate_key(const TableInfo& table, const Item& key) {
  const size_t expected = table.range_key ? 2 : 1;
  if (key.size() != expected) throw schema_mismatch();
  KeyRef ref;
  ref.hash = key_attribute(key, table.hash_key, true);
  if (table.range_key) ref.range = key_attribute(key, *table.range_key, false);
  return ref;
}

Item key_of(const TableInfo& table, const Item& item) {
  Item key;
  if (auto it = item.find(table.hash_key.name); it != item.end()) key.insert(*it);
  if (table.range_key) {
    if (auto it = item.find(table.range_key->name); it != item.end()) key.insert(*it);
  }
  return key;
}

}  // namespace cairn::engine
