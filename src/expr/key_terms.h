// A Query's key condition as written: both spellings DynamoDB accepts, a
// KeyConditionExpression and the legacy KeyConditions map, become the same list of
// KeyTerms. Only the shape of the condition is checked here, with DynamoDB's messages,
// before the table is looked up; its agreement with the key schema of the table or index
// read is api/key_condition.h's, and the range of storage keys it reads the engine's
// (engine/key_schema.h).
#pragma once

#include <string>
#include <vector>

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

}  // namespace cairn::expr
