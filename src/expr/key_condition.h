// A Query's key condition: which partition it reads and which sort-key range within it.
// Both spellings DynamoDB accepts, a KeyConditionExpression and the legacy KeyConditions
// map, become the same list of KeyTerms, which is then checked against the table's key
// schema into a typed KeyCondition and turned into the one range of storage keys the
// Query reads. Every DynamoDB rule and message about Query keys lives here: the shape of
// a key condition, its agreement with the key schema, whether an ExclusiveStartKey lies
// within it, and that a filter may not name a key attribute.
//
// Checking happens in two phases, as in DynamoDB: the terms are built (and their shape
// refused) before the table is looked up; agreement with the schema needs the table.
#pragma once

#include <optional>
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
// (argument count and types), and there must be one or two entries.
KeyTerms key_terms_from_legacy(const std::vector<LegacyCondition>& entries);

struct SortKeyCondition {
  enum class Op : uint8_t { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  Op op = Op::kEq;
  AttributeValue value;  // the operand; BETWEEN's lower bound; BEGINS_WITH's prefix
  AttributeValue upper;  // BETWEEN's upper bound

  bool matches(const AttributeValue& sort_key) const;
};

struct KeyCondition {
  AttributeValue partition;
  std::optional<SortKeyCondition> sort;
};

// Checks the terms against the table's key schema and types them. start_key, the
// request's ExclusiveStartKey if any, is checked for shape in the same walk over the key
// attributes, because DynamoDB interleaves the two and reports whichever fails first.
KeyCondition resolve_key_condition(const KeyTerms& terms, const engine::TableInfo& table,
                                   const Item* start_key);

// An ExclusiveStartKey (already valid as a key of the table) must lie within the key
// condition: in its partition, and satisfying its sort-key condition.
void check_start_key(const KeyCondition& condition, const engine::TableInfo& table,
                     const Item& start_key);

// Whether a Query with this condition can return at most one item (a hash-only table, or
// an equality on the sort key). DynamoDB refuses to restart such a Query, so its page never
// ends with a LastEvaluatedKey.
bool reads_at_most_one_item(const KeyCondition& condition, const engine::TableInfo& table);

// A Query's filter may not name a key attribute (they belong in the key condition).
// parameter is "Filter Expression" or "QueryFilter", as DynamoDB's message spells them.
void check_filter_excludes_keys(const Condition& filter, const engine::TableInfo& table,
                                std::string_view parameter);

// The storage keys a Query with this condition reads: one partition, narrowed by the sort
// key condition.
engine::KeyRange key_range(const engine::TableInfo& table, const KeyCondition& condition);

// The keys under prefix (a partition, or a partition and leading sort values) that satisfy
// a sort-key condition (none: all of them).
engine::KeyRange sort_key_range(const std::string& prefix,
                                const std::optional<SortKeyCondition>& condition);

// A Query's key condition on a GSI with a multi-attribute key (DynamoDB's rules): every
// partition attribute with equality; sort attributes left to right without gaps,
// equalities first and at most one other condition, last.
struct CompositeKeyCondition {
  std::vector<AttributeValue> partition;    // in key-schema order
  std::vector<AttributeValue> sort_prefix;  // the leading sort attributes' equal values
  std::optional<SortKeyCondition> last;     // on the sort attribute after them, if any
};
CompositeKeyCondition resolve_composite_key_condition(const KeyTerms& terms,
                                                      const engine::IndexInfo& index);
engine::KeyRange composite_key_range(const engine::IndexInfo& index,
                                     const CompositeKeyCondition& condition);

// A Query's filter on such an index may not name any of its key attributes.
void check_filter_excludes_index_keys(const Condition& filter, const engine::IndexInfo& index,
                                      std::string_view parameter);

}  // namespace cairn::expr
