#include "engine/index_keys.h"

#include "engine/key_rules.h"
#include "engine/key_space.h"
#include "model/api_error.h"

namespace cairn::engine {
namespace {

const AttributeValue* find_attribute(const Item& item, std::string_view name) {
  auto it = item.find(name);
  return it == item.end() ? nullptr : &it->second;
}

template <typename Visit>
void for_each_key_element(const IndexInfo& index, Visit visit) {
  for (const auto& k : index.hash_keys) visit(k);
  for (const auto& k : index.range_keys) visit(k);
}

// DynamoDB's key size limits hold for index keys too: 2048 bytes of partition key and 1024
// bytes of sort key (summed over the attributes of a multi-attribute key).
void check_index_key_sizes(const TableInfo& table, const Item& item) {
  for (const auto& index : table.indexes) {
    size_t hash = 0, range = 0;
    for (const auto& k : index.hash_keys) {
      if (const AttributeValue* v = find_attribute(item, k.name)) hash += v->scalar.size();
    }
    for (const auto& k : index.range_keys) {
      if (const AttributeValue* v = find_attribute(item, k.name)) range += v->scalar.size();
    }
    if (hash > kMaxPartitionKeySize) {
      throw ApiError::validation(
          "One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
          "size limit of2048 bytes");
    }
    if (range > kMaxSortKeySize) {
      throw ApiError::validation(
          "One or more parameter values were invalid: Aggregated size of all range keys has "
          "exceeded the size limit of 1024 bytes");
    }
  }
}

}  // namespace

void validate_index_keys(const TableInfo& table, const Item& item, IndexKeySource source) {
  // When one attribute keys several indexes, DynamoDB names the first by name.
  const IndexInfo* failed_index = nullptr;
  const KeyElement* failed_key = nullptr;
  const AttributeValue* failed_value = nullptr;
  for (const auto& index : table.indexes) {
    for_each_key_element(index, [&](const KeyElement& k) {
      const AttributeValue* v = find_attribute(item, k.name);
      if (!v) return;
      const bool bad = v->type != k.type || v->scalar.empty();
      if (bad && (!failed_index || index.name < failed_index->name)) {
        failed_index = &index;
        failed_key = &k;
        failed_value = v;
      }
    });
  }
  if (!failed_index) {
    check_index_key_sizes(table, item);
    return;
  }
  if (failed_value->type != failed_key->type) {
    throw ApiError::validation(
        "One or more parameter values were invalid: Type mismatch for Index Key " +
        failed_key->name + " Expected: " + std::string(type_name(failed_key->type)) + " Actual: " +
        std::string(type_name(failed_value->type)) + " IndexName: " + failed_index->name);
  }
  const std::string what = failed_value->type == AttrType::B ? "binary" : "string";
  const std::string lead =
      source == IndexKeySource::kUpdate
          ? "One or more parameter values are not valid. The update expression attempted to "
            "update a secondary index key to a value that is not supported. "
          : "One or more parameter values are not valid. A value specified for a secondary "
            "index key is not supported. ";
  throw ApiError::validation(lead +
                             "The AttributeValue for a key attribute cannot contain an "
                             "empty " +
                             what + " value. IndexName: " + failed_index->name +
                             ", IndexKey: " + failed_key->name);
}

std::optional<IndexKeyValues> index_key_values(const IndexInfo& index, const Item& item) {
  IndexKeyValues values;
  values.hash.reserve(index.hash_keys.size());
  for (const auto& k : index.hash_keys) {
    const AttributeValue* v = find_attribute(item, k.name);
    if (!v || v->type != k.type) return std::nullopt;
    values.hash.push_back(v);
  }
  values.range.reserve(index.range_keys.size());
  for (const auto& k : index.range_keys) {
    const AttributeValue* v = find_attribute(item, k.name);
    if (!v || v->type != k.type) return std::nullopt;
    values.range.push_back(v);
  }
  return values;
}

std::optional<std::string> index_entry_key(const TableInfo& table, const IndexInfo& index,
                                           const Item& item) {
  auto values = index_key_values(index, item);
  if (!values) return std::nullopt;
  return engine::index_entry_key(
      index.storage_id, values->hash, values->range, *find_attribute(item, table.hash_key.name),
      table.range_key ? find_attribute(item, table.range_key->name) : nullptr);
}

bool index_projects(const TableInfo& table, const IndexInfo& index, std::string_view attr) {
  if (index.projection == ProjectionType::kAll) return true;
  if (table.is_key_attribute(attr) || index.is_key_attribute(attr)) return true;
  if (index.projection == ProjectionType::kInclude) {
    for (const auto& name : index.non_key_attributes) {
      if (name == attr) return true;
    }
  }
  return false;
}

Item project_for_index(const TableInfo& table, const IndexInfo& index, const Item& item) {
  if (index.projection == ProjectionType::kAll) return item;
  Item out;
  for (const auto& [name, value] : item) {
    if (index_projects(table, index, name)) out.emplace(name, value);
  }
  return out;
}

Item index_key_of(const TableInfo& table, const IndexInfo& index, const Item& item) {
  Item key = key_of(table, item);
  for_each_key_element(index, [&](const KeyElement& k) {
    if (const AttributeValue* v = find_attribute(item, k.name)) key.emplace(k.name, *v);
  });
  return key;
}

}  // namespace cairn::engine
