// A Query's key condition: which partition it reads and which sort-key range within it.
// Both spellings DynamoDB accepts, a KeyConditionExpression and the legacy KeyConditions
// map, become the same list of KeyTerms, which is then checked against the key schema of
// the table or index read into a typed KeyCondition and turned into the one range of
// storage keys the Query reads. Every DynamoDB rule and message about Query keys lives
// here: the shape of a key condition, its agreement with the key schema (multi-attribute
// GSI keys included), whether an ExclusiveStartKey lies within it, and that a filter may
// not name a key attribute.
//
// Checking happens in two phases, as in DynamoDB: the terms are built (and their shape
// refused) before the table is looked up; agreement with the schema needs the table.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/range_reader.h"
#include "engine/table_info.h"
#include "expr/ast.h"
#include "expr/legacy.h"
#include "model/attribute_value.h"

namespace cairn::expr {

// One condition on one key attribute, in the legacy vocabulary: comparison is EQ, LT, LE,
// GT, GE, BETWEEN or BEGINS_WITH from an expression, and any ComparisonOperator from
// KeyConditions (operators that cannot bound a key range are refused against the schema).
struct KeyTerm {
  std::string attribute;
  std::string comparison;
  std::vector<AttributeValue> values;
};

struct KeyTerms {
  std::vector<KeyTerm> terms;  // in the order written
  bool from_expression = false;
};

// The terms of a parsed KeyConditionExpression. Refuses, with DynamoDB's messages, the
// operators a key condition cannot use (OR, NOT, IN, <>, attribute_exists, ...), nested
// paths and functions, conditions naming no or two attributes, and two conditions on one
// attribute.
KeyTerms key_terms_from_expression(const Condition& condition);

// The terms of a KeyConditions map. Every entry is checked like any legacy condition
// (argument count and types). There must be at least one entry, and at most as many as a
// key schema may have attributes (a table's two is checked against the schema).
KeyTerms key_terms_from_legacy(const std::vector<LegacyCondition>& entries);

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
// engine/index_keys.h), so entries may share index keys and an ExclusiveStartKey names
// the table's key attributes as well as the index's.
struct KeySchema {
  uint64_t storage_id = 0;
  std::vector<engine::KeyElement> hash;
  std::vector<engine::KeyElement> range;
  bool is_index = false;
  // The attributes an ExclusiveStartKey has: the table's key and the index's, each once.
  size_t start_key_size = 0;

  static KeySchema of(const engine::TableInfo& table);
  static KeySchema of(const engine::TableInfo& table, const engine::IndexInfo& index);
  bool multi_attribute() const { return hash.size() > 1 || range.size() > 1; }
};

struct KeyCondition {
  std::vector<AttributeValue> partition;  // one value per partition attribute, in schema order
  // On the leading sort attributes, in schema order (none: the whole partition). All but
  // the last are equalities.
  std::vector<SortKeyCondition> sort;
};

// Checks the terms against the key schema and types them. start_key, the request's
// ExclusiveStartKey if any, is checked for shape in the same walk over the key attributes,
// because DynamoDB interleaves the two and reports whichever fails first. A multi-attribute
// key has DynamoDB's rules for them: every partition attribute with an equality, the sort
// attributes left to right without gaps, equalities on all but the last.
KeyCondition resolve_key_condition(const KeyTerms& terms, const KeySchema& schema,
                                   const Item* start_key);

// The shape checks resolve_key_condition makes of an ExclusiveStartKey, for a Scan of an
// index: the table's and the index's key attributes, exactly, with the index key's types.
// (The table key's own rules are ItemStore::storage_key's.)
void check_index_start_key_shape(const KeySchema& schema, const Item& start_key);

// An ExclusiveStartKey (already valid in shape) must lie within the key condition: in its
// partition, and satisfying its sort-key conditions.
void check_start_key(const KeyCondition& condition, const KeySchema& schema, const Item& start_key);

// Whether a Query with this condition can return at most one item (a hash-only table, or
// an equality on the sort key). DynamoDB refuses to restart such a Query, so its page never
// ends with a LastEvaluatedKey. Never so for an index: its entries may share keys.
bool reads_at_most_one_item(const KeyCondition& condition, const KeySchema& schema);

// The top-level attributes a condition reads (a filter's: see below, and an index's
// projection rules in api/read_target.h).
std::set<std::string, std::less<>> attributes_read_by(const Condition& condition);

// A Query's filter may not name a key attribute of the schema it reads (they belong in the
// key condition); on an index, the table's key attributes are fine. parameter is "Filter
// Expression" or "QueryFilter", as DynamoDB's message spells them.
void check_filter_excludes_keys(const Condition& filter, const KeySchema& schema,
                                std::string_view parameter);

// The storage keys a Query with this condition reads: one partition, narrowed by the sort
// key conditions.
engine::KeyRange key_range(const KeySchema& schema, const KeyCondition& condition);

}  // namespace cairn::expr
