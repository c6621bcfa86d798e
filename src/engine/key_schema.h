// What a Query reads, in the engine's terms: the key schema of the table or index it walks,
// a typed key condition (the partition and the conditions on its leading sort attributes),
// and the one range of storage keys that condition covers. The request's words become a
// KeyCondition in api/key_condition.h, where DynamoDB's rules and messages about Query
// keys are checked.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/range_reader.h"
#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine {

struct SortKeyCondition {
  enum class Op : uint8_t { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  Op op = Op::kEq;
  AttributeValue value;  // the operand; BETWEEN's lower bound; BEGINS_WITH's prefix
  AttributeValue upper;  // BETWEEN's upper bound

  bool matches(const AttributeValue& sort_key) const;
};

// The key schema a Query reads by: a table's (one partition attribute, at most one sort
// attribute), an LSI's (the same shape) or a GSI's (up to four of each: multi-attribute
// keys). An index entry's storage key has the table's key after the index's (see
// index_keys.h), so entries may share index keys and an ExclusiveStartKey names the
// table's key attributes as well as the index's.
struct KeySchema {
  uint64_t storage_id = 0;
  std::vector<KeyElement> hash;
  std::vector<KeyElement> range;
  bool is_index = false;
  // The attributes an ExclusiveStartKey has: the table's key and the index's, each once.
  size_t start_key_size = 0;

  static KeySchema of(const TableInfo& table);
  static KeySchema of(const TableInfo& table, const IndexInfo& index);
  bool multi_attribute() const { return hash.size() > 1 || range.size() > 1; }
};

struct KeyCondition {
  std::vector<AttributeValue> partition;  // one value per partition attribute, in schema order
  // On the leading sort attributes, in schema order (none: the whole partition). All but
  // the last are equalities.
  std::vector<SortKeyCondition> sort;
};

// Whether a Query with this condition can return at most one item (a hash-only table, or
// an equality on the sort key). DynamoDB refuses to restart such a Query, so its page never
// ends with a LastEvaluatedKey. Never so for an index: its entries may share keys.
bool reads_at_most_one_item(const KeyCondition& condition, const KeySchema& schema);

// The storage keys a Query with this condition reads: one partition, narrowed by the sort
// key conditions.
KeyRange key_range(const KeySchema& schema, const KeyCondition& condition);

}  // namespace cairn::engine
