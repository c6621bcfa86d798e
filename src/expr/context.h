// ExpressionContext: one request's ExpressionAttributeNames and ExpressionAttributeValues,
// shared by all the expressions of that request (a Query can carry a key condition, a
// filter and a projection). Parsing an expression looks placeholders up here and marks
// them used; DynamoDB refuses a request that supplies a placeholder no expression uses,
// which the caller checks with check_all_used() after parsing every expression.
//
// The parsed trees point into the values held here: the context must outlive them. Not
// thread-safe; one request uses one context.
//
// Typical request flow (api layer):
//   ExpressionContext ctx(names, values);
//   ctx.validate();                      // empty maps, malformed keys, empty names
//   auto update = parse_update(text, ctx);
//   auto cond = parse_condition(text2, ExpressionKind::kCondition, ctx);
//   ctx.check_all_used();
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace cairn::expr {

using NameMap = std::map<std::string, std::string, std::less<>>;

class ExpressionContext {
 public:
  ExpressionContext() = default;
  // A disengaged optional means the request did not carry the parameter at all, which
  // DynamoDB treats differently from an empty map.
  ExpressionContext(std::optional<NameMap> names, std::optional<Item> values)
      : names_(std::move(names)), values_(std::move(values)) {}

  ExpressionContext(const ExpressionContext&) = delete;
  ExpressionContext& operator=(const ExpressionContext&) = delete;

  // DynamoDB's checks of the two maps themselves, done before any expression is parsed:
  // "ExpressionAttributeNames must not be empty", keys that are not '#' or ':' followed by
  // letters, digits and '_', and names mapped to "". Throws ApiError::validation.
  void validate() const;

  // Looks a placeholder up and marks it used; nullptr when it is not defined.
  const std::string* name(std::string_view placeholder);
  const AttributeValue* value(std::string_view placeholder);

  // Throws DynamoDB's "Value provided in ExpressionAttributeNames unused in expressions:
  // keys: {#a, #b}" (names are checked before values).
  void check_all_used() const;

  bool has_names() const { return names_.has_value(); }
  bool has_values() const { return values_.has_value(); }

 private:
  std::optional<NameMap> names_;
  std::optional<Item> values_;
  std::set<std::string, std::less<>> used_names_;
  std::set<std::string, std::less<>> used_values_;
};

}  // namespace cairn::expr
