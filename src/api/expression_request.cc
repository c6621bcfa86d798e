#include "api/expression_request.h"

#include <algorithm>
#include <vector>

#include "api/attribute_json.h"
#include "api/constraints.h"
#include "expr/parser.h"
#include "model/api_error.h"

namespace cairn::api {

std::unique_ptr<expr::ExpressionContext> read_expression_context(const RequestReader& r) {
  std::optional<expr::NameMap> names;
  if (auto obj = r.object("ExpressionAttributeNames")) {
    names.emplace();
    for (auto [k, v] : *obj) (*names)[std::string(k)] = std::string(as_string(v));
  }
  std::optional<Item> values;
  if (auto obj = r.object("ExpressionAttributeValues")) values = parse_item(*obj);
  auto ctx = std::make_unique<expr::ExpressionContext>(std::move(names), std::move(values));
  ctx->validate();
  return ctx;
}

void check_expression_style(const RequestReader& r, std::initializer_list<std::string_view> legacy,
                            std::initializer_list<std::string_view> expressions) {
  std::vector<std::string_view> used_legacy, used_expressions;
  for (auto p : legacy) {
    if (r.has(p)) used_legacy.push_back(p);
  }
  for (auto p : expressions) {
    if (r.has(p)) used_expressions.push_back(p);
  }
  auto listing = [](const std::vector<std::string_view>& ps) {
    std::string s = "{";
    for (size_t i = 0; i < ps.size(); ++i) {
      if (i) s += ", ";
      s += ps[i];
    }
    return s + "}";
  };
  if (!used_legacy.empty() && !used_expressions.empty()) {
    throw ApiError::validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: " +
        listing(used_legacy) + " Expression parameters: " + listing(used_expressions));
  }
  if (used_expressions.empty() && r.has("ExpressionAttributeNames")) {
    throw ApiError::validation(
        "ExpressionAttributeNames can only be specified when using expressions");
  }
  // Values are refused unless an expression that takes values is present; DynamoDB then
  // names those expressions, in alphabetical order ("ConditionExpression is null",
  // "FilterExpression and KeyConditionExpression are null").
  std::vector<std::string_view> takes_values;
  for (auto p : expressions) {
    if (p != "ProjectionExpression") takes_values.push_back(p);
  }
  std::sort(takes_values.begin(), takes_values.end());
  const bool values_usable = std::any_of(takes_values.begin(), takes_values.end(),
                                         [&](std::string_view p) { return r.has(p); });
  if (!values_usable && r.has("ExpressionAttributeValues")) {
    std::string message = "ExpressionAttributeValues can only be specified when using expressions";
    for (size_t i = 0; i < takes_values.size(); ++i) {
      message += (i == 0 ? ": " : " and ") + std::string(takes_values[i]);
    }
    if (!takes_values.empty()) message += takes_values.size() == 1 ? " is null" : " are null";
    throw ApiError::validation(std::move(message));
  }
}

bool read_conditional_operator(const RequestReader& r, bool allowed) {
  auto op = r.string("ConditionalOperator");
  if (!op) return false;
  Constraints c;
  c.one_of(*op, "conditionalOperator", {"AND", "OR"});
  c.throw_if_any();
  if (!allowed) {
    throw ApiError::validation(
        "ConditionalOperator can only be used when Expected or QueryFilter or ScanFilter is "
        "present and has at least one condition");
  }
  return *op == "OR";
}

std::vector<expr::LegacyCondition> read_legacy_conditions(JsonObject entries) {
  std::vector<expr::LegacyCondition> out;
  for (auto [name, spec] : entries) {
    RequestReader e(as_object(spec));
    expr::LegacyCondition c;
    c.attribute = std::string(name);
    c.exists = e.boolean("Exists");
    if (auto v = e.element("Value")) c.value = parse_attribute_value(*v);
    if (auto op = e.string("ComparisonOperator")) c.comparison = std::string(*op);
    if (auto list = e.array("AttributeValueList")) {
      c.value_list.emplace();
      for (JsonElement v : *list) c.value_list->push_back(parse_attribute_value(v));
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<expr::LegacyUpdate> read_attribute_updates(JsonObject updates) {
  std::vector<expr::LegacyUpdate> out;
  for (auto [name, spec] : updates) {
    RequestReader u(as_object(spec));
    expr::LegacyUpdate update;
    update.attribute = std::string(name);
    if (auto action = u.string("Action")) update.action = std::string(*action);
    if (auto value = u.element("Value")) update.value = parse_attribute_value(*value);
    out.push_back(std::move(update));
  }
  return out;
}

std::optional<expr::Condition> read_write_condition(const RequestReader& r,
                                                    expr::ExpressionContext& ctx) {
  if (auto text = r.string("ConditionExpression")) {
    read_conditional_operator(r, false);
    return expr::parse_condition(*text, expr::ExpressionKind::kCondition, ctx);
  }
  auto expected = r.object("Expected");
  const bool use_or = read_conditional_operator(r, expected && expected->size() > 0);
  if (!expected) return std::nullopt;
  return expr::translate_conditions(read_legacy_conditions(*expected), use_or);
}

std::optional<expr::ProjectionExpression> read_projection(const RequestReader& r,
                                                          expr::ExpressionContext& ctx) {
  if (auto text = r.string("ProjectionExpression")) return expr::parse_projection(*text, ctx);
  if (auto names = r.array("AttributesToGet")) {
    std::vector<std::string> list;
    for (JsonElement n : *names) list.emplace_back(as_string(n));
    if (list.empty()) {
      Constraints c;
      c.fail("[]", "attributesToGet", "Member must have length greater than or equal to 1");
      c.throw_if_any();
    }
    return expr::translate_attributes_to_get(list);
  }
  return std::nullopt;
}

}  // namespace cairn::api
