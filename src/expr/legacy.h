// The legacy (pre-expression) parameters, translated into the same trees the expression
// parser builds, so one evaluator, updater and projector serve both:
//   Expected, QueryFilter, ScanFilter  -> Condition
//   AttributeUpdates                   -> UpdateExpression
//   AttributesToGet                    -> ProjectionExpression
// The api layer reads the JSON into these plain structs; the rules and DynamoDB's
// messages for them live here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/ast.h"
#include "model/attribute_value.h"

namespace cairn::expr {

// One entry of Expected (all members), or of QueryFilter/ScanFilter/KeyConditions (only
// comparison and value_list).
struct LegacyCondition {
  std::string attribute;
  std::optional<bool> exists;
  std::optional<AttributeValue> value;
  std::optional<std::string> comparison;  // EQ, NE, LE, LT, GE, GT, NOT_NULL, NULL, ...
  std::optional<std::vector<AttributeValue>> value_list;
};

// The conjunction (or, with use_or, disjunction) of the entries; nullopt for no entries
// (no condition). Throws ValidationException for malformed entries.
std::optional<Condition> translate_conditions(const std::vector<LegacyCondition>& entries,
                                              bool use_or);

// One condition of a QueryFilter/ScanFilter/KeyConditions entry (comparison + list).
Condition translate_comparison(const Path& path, std::string_view comparison,
                               const std::vector<AttributeValue>& values);

struct LegacyUpdate {
  std::string attribute;
  std::string action = "PUT";  // PUT, ADD or DELETE
  std::optional<AttributeValue> value;
};

UpdateExpression translate_attribute_updates(const std::vector<LegacyUpdate>& updates);

// AttributesToGet: each name a one-element path. Duplicates are refused.
ProjectionExpression translate_attributes_to_get(const std::vector<std::string>& names);

}  // namespace cairn::expr
