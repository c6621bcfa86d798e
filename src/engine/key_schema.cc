#include "engine/key_schema.h"

#include "engine/key_space.h"
#include "model/key_codec.h"

namespace cairn::engine {
namespace {

// Sorts like the stored keys do: numbers numerically, strings and binaries bytewise.
int compare_key_values(const AttributeValue& a, const AttributeValue& b) {
  std::string ea, eb;
  append_sortable_value(a, ea);
  append_sortable_value(b, eb);
  return ea.compare(eb);
}

// The keys under prefix (a partition, and the values of any leading sort attributes) whose
// next sort value satisfies the condition.
KeyRange sort_key_range(const std::string& prefix, const SortKeyCondition& sort) {
  KeyRange range{prefix, prefix_successor(prefix)};
  // The storage key of the item with sort key v. Keys are self-delimiting, but more may
  // follow v (more sort values, or an index entry's table key), so "every key equal to v"
  // ends at the prefix_successor of this key, not at its key_successor.
  auto key_at = [&prefix](const AttributeValue& v) {
    std::string key = prefix;
    append_sortable_value(v, key);
    return key;
  };
  switch (sort.op) {
    case SortKeyCondition::Op::kEq:
      range.lower = key_at(sort.value);
      range.upper = prefix_successor(range.lower);
      break;
    case SortKeyCondition::Op::kLt:
      range.upper = key_at(sort.value);
      break;
    case SortKeyCondition::Op::kLe:
      range.upper = prefix_successor(key_at(sort.value));
      break;
    case SortKeyCondition::Op::kGt:
      range.lower = prefix_successor(key_at(sort.value));
      break;
    case SortKeyCondition::Op::kGe:
      range.lower = key_at(sort.value);
      break;
    case SortKeyCondition::Op::kBetween:
      range.lower = key_at(sort.value);
      range.upper = prefix_successor(key_at(sort.upper));
      break;
    case SortKeyCondition::Op::kBeginsWith: {
      // Every value beginning with the prefix has an encoding beginning with the prefix's
      // unterminated encoding, and no other value has.
      std::string lower = prefix;
      append_sortable_prefix(sort.value, lower);
      range.upper = prefix_successor(lower);
      range.lower = std::move(lower);
      break;
    }
  }
  return range;
}

}  // namespace

bool SortKeyCondition::matches(const AttributeValue& sort_key) const {
  if (sort_key.type != value.type) return false;
  switch (op) {
    case Op::kEq:
      return compare_key_values(sort_key, value) == 0;
    case Op::kLt:
      return compare_key_values(sort_key, value) < 0;
    case Op::kLe:
      return compare_key_values(sort_key, value) <= 0;
    case Op::kGt:
      return compare_key_values(sort_key, value) > 0;
    case Op::kGe:
      return compare_key_values(sort_key, value) >= 0;
    case Op::kBetween:
      return compare_key_values(sort_key, value) >= 0 && compare_key_values(sort_key, upper) <= 0;
    case Op::kBeginsWith:
      return std::string_view(sort_key.scalar).starts_with(value.scalar);
  }
  return false;
}

KeySchema KeySchema::of(const TableInfo& table) {
  KeySchema s;
  s.storage_id = table.storage_id;
  s.hash = {table.hash_key};
  if (table.range_key) s.range = {*table.range_key};
  s.start_key_size = s.hash.size() + s.range.size();
  return s;
}

KeySchema KeySchema::of(const TableInfo& table, const IndexInfo& index) {
  KeySchema s;
  s.storage_id = index.storage_id;
  s.hash = index.hash_keys;
  s.range = index.range_keys;
  s.is_index = true;
  s.start_key_size = table.range_key ? 2 : 1;
  for (const auto* keys : {&index.hash_keys, &index.range_keys}) {
    for (const auto& k : *keys) {
      if (!table.is_key_attribute(k.name)) ++s.start_key_size;
    }
  }
  return s;
}

bool reads_at_most_one_item(const KeyCondition& condition, const KeySchema& schema) {
  if (schema.is_index) return false;
  return schema.range.empty() || (condition.sort.size() == schema.range.size() &&
                                  condition.sort.back().op == SortKeyCondition::Op::kEq);
}

KeyRange key_range(const KeySchema& schema, const KeyCondition& condition) {
  std::vector<const AttributeValue*> partition;
  partition.reserve(condition.partition.size());
  for (const auto& v : condition.partition) partition.push_back(&v);
  std::string prefix = composite_partition_prefix(schema.storage_id, partition);
  if (condition.sort.empty()) return {prefix, prefix_successor(prefix)};
  for (size_t i = 0; i + 1 < condition.sort.size(); ++i) {
    append_sortable_value(condition.sort[i].value, prefix);
  }
  return sort_key_range(prefix, condition.sort.back());
}

}  // namespace cairn::engine
