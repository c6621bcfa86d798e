#include "expr/legacy.h"

#include <set>

#include "model/api_error.h"
#include "model/attribute_name.h"
#include "model/number.h"

namespace cairn::expr {
namespace {

ApiError invalid(std::string what) {
  return ApiError::validation("One or more parameter values were invalid: " + std::move(what));
}

struct OperatorRule {
  std::string_view name;
  int min_args;
  int max_args;           // -1: no upper bound (IN)
  bool scalars_only;      // every argument S, N or B
  bool string_or_binary;  // BEGINS_WITH: S or B
};

constexpr OperatorRule kOperators[] = {
    {"EQ", 1, 1, false, false},        {"NE", 1, 1, false, false},
    {"LE", 1, 1, true, false},         {"LT", 1, 1, true, false},
    {"GE", 1, 1, true, false},         {"GT", 1, 1, true, false},
    {"NOT_NULL", 0, 0, false, false},  {"NULL", 0, 0, false, false},
    {"CONTAINS", 1, 1, true, false},   {"NOT_CONTAINS", 1, 1, true, false},
    {"BEGINS_WITH", 1, 1, true, true}, {"IN", 1, -1, true, false},
    {"BETWEEN", 2, 2, true, false},
};

const OperatorRule& rule_of(std::string_view comparison) {
  for (const auto& r : kOperators) {
    if (r.name == comparison) return r;
  }
  throw ApiError::validation(
      "1 validation error detected: Value '" + std::string(comparison) +
      "' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value "
      "set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, "
      "CONTAINS]");
}

// a > b for two scalars of one type: N numerically, S and B by unsigned bytes.
bool values_greater(const AttributeValue& a, const AttributeValue& b) {
  if (a.type == AttrType::N) return Number::parse(a.scalar) > Number::parse(b.scalar);
  return std::string_view(a.scalar) > std::string_view(b.scalar);
}

void check_arguments(const OperatorRule& rule, const std::vector<AttributeValue>& values) {
  const int n = static_cast<int>(values.size());
  if (n < rule.min_args || (rule.max_args >= 0 && n > rule.max_args)) {
    throw invalid("Invalid number of argument(s) for the " + std::string(rule.name) +
                  " ComparisonOperator");
  }
  for (const auto& v : values) {
    const bool scalar = v.is_scalar_key_type();
    const bool ok = rule.string_or_binary ? (v.type == AttrType::S || v.type == AttrType::B)
                                          : (!rule.scalars_only || scalar);
    if (!ok) {
      throw invalid("ComparisonOperator " + std::string(rule.name) + " is not valid for " +
                    std::string(type_name(v.type)) + " AttributeValue type");
    }
  }
  for (const auto& v : values) {
    if (v.type != values.front().type) {
      throw invalid("AttributeValues inside AttributeValueList must be of same type");
    }
  }
  if (rule.name == "BETWEEN" && values_greater(values[0], values[1])) {
    throw ApiError::validation(
        "The BETWEEN condition was provided a range where the lower bound is greater than the "
        "upper bound");
  }
}

Operand path_operand(const Path& path) {
  return Operand::of_path(path);
}

}  // namespace

Condition translate_comparison(const Path& path, std::string_view comparison,
                               const std::vector<AttributeValue>& values) {
  const OperatorRule& rule = rule_of(comparison);
  check_arguments(rule, values);
  auto c = [&](size_t i) { return Operand::constant(values[i]); };
  const std::string_view op = rule.name;
  if (op == "EQ") return Condition::compare(path_operand(path), Comparator::kEq, c(0));
  if (op == "NE") return Condition::compare(path_operand(path), Comparator::kNe, c(0));
  if (op == "LE") return Condition::compare(path_operand(path), Comparator::kLe, c(0));
  if (op == "LT") return Condition::compare(path_operand(path), Comparator::kLt, c(0));
  if (op == "GE") return Condition::compare(path_operand(path), Comparator::kGe, c(0));
  if (op == "GT") return Condition::compare(path_operand(path), Comparator::kGt, c(0));
  if (op == "NOT_NULL") {
    return Condition::function(Condition::Kind::kAttributeExists, {path_operand(path)});
  }
  if (op == "NULL") {
    return Condition::function(Condition::Kind::kAttributeNotExists, {path_operand(path)});
  }
  if (op == "CONTAINS") {
    return Condition::function(Condition::Kind::kContains, {path_operand(path), c(0)});
  }
  if (op == "NOT_CONTAINS") {
    // DynamoDB: NOT_CONTAINS of a missing attribute is false, not true.
    return Condition::conjunction(
        {Condition::function(Condition::Kind::kAttributeExists, {path_operand(path)}),
         Condition::negation(
             Condition::function(Condition::Kind::kContains, {path_operand(path), c(0)}))});
  }
  if (op == "BEGINS_WITH") {
    return Condition::function(Condition::Kind::kBeginsWith, {path_operand(path), c(0)});
  }
  if (op == "IN") {
    std::vector<Operand> candidates;
    for (size_t i = 0; i < values.size(); ++i) candidates.push_back(c(i));
    return Condition::in(path_operand(path), std::move(candidates));
  }
  // BETWEEN
  return Condition::between(path_operand(path), c(0), c(1));
}

std::optional<Condition> translate_conditions(const std::vector<LegacyCondition>& entries,
                                              bool use_or) {
  std::vector<Condition> parts;
  for (const auto& e : entries) {
    check_attribute_name(e.attribute);
    const Path path = Path::attribute(e.attribute);
    const std::string& a = e.attribute;
    if (e.comparison) {
      if (e.exists) {
        throw invalid("Exists and ComparisonOperator cannot be used together for Attribute: " + a);
      }
      if (e.value && e.value_list) {
        throw invalid("Value and AttributeValueList cannot be used together for Attribute: " + a);
      }
      std::vector<AttributeValue> values;
      if (e.value_list) values = *e.value_list;
      if (e.value) values.push_back(*e.value);
      parts.push_back(translate_comparison(path, *e.comparison, values));
      continue;
    }
    if (e.value_list) {
      throw invalid(
          "AttributeValueList can only be used with a ComparisonOperator for Attribute: " + a);
    }
    if (e.exists == false) {
      if (e.value) {
        throw invalid(
            "Cannot expect an attribute to have a specified value while expecting it to "
            "not exist");
      }
      parts.push_back(
          Condition::function(Condition::Kind::kAttributeNotExists, {Operand::of_path(path)}));
      continue;
    }
    if (!e.value) {
      if (e.exists == true) {
        throw invalid("Exists is set to TRUE for attribute (" + a + "), Value must also be set");
      }
      throw invalid("Value must be provided when Exists is null for Attribute: " + a);
    }
    parts.push_back(
        Condition::compare(Operand::of_path(path), Comparator::kEq, Operand::constant(*e.value)));
  }
  if (parts.empty()) return std::nullopt;
  if (parts.size() == 1) return std::move(parts.front());
  return use_or ? Condition::disjunction(std::move(parts))
                : Condition::conjunction(std::move(parts));
}

UpdateExpression translate_attribute_updates(const std::vector<LegacyUpdate>& updates) {
  UpdateExpression out;
  out.legacy = true;
  for (const auto& u : updates) {
    check_attribute_name(u.attribute);
    Path path = Path::attribute(u.attribute);
    if (u.action == "PUT") {
      if (!u.value) {
        throw invalid("Only DELETE action is allowed when no attribute value is specified");
      }
      out.actions.push_back(UpdateAction::set(std::move(path), Operand::constant(*u.value)));
    } else if (u.action == "DELETE") {
      if (!u.value) {
        out.actions.push_back(UpdateAction::remove(std::move(path)));
        continue;
      }
      const AttrType t = u.value->type;
      if (t != AttrType::SS && t != AttrType::NS && t != AttrType::BS) {
        throw invalid("DELETE action with value is not supported for the type " +
                      std::string(type_name(t)));
      }
      out.actions.push_back(
          UpdateAction::remove_elements(std::move(path), Operand::constant(*u.value)));
    } else if (u.action == "ADD") {
      if (!u.value) {
        throw invalid("Only DELETE action is allowed when no attribute value is specified");
      }
      const AttrType t = u.value->type;
      if (t == AttrType::L) {
        // Legacy ADD appends to a list (the ADD expression action cannot): a missing
        // attribute starts as an empty list.
        AttributeValue empty;
        empty.type = AttrType::L;
        Operand current = Operand::call(Operand::Kind::kIfNotExists,
                                        {Operand::of_path(path), Operand::constant(empty)});
        out.actions.push_back(UpdateAction::set(
            path, Operand::call(Operand::Kind::kListAppend,
                                {std::move(current), Operand::constant(*u.value)})));
        continue;
      }
      if (t != AttrType::N && t != AttrType::SS && t != AttrType::NS && t != AttrType::BS) {
        throw invalid("ADD action is not supported for the type " + std::string(type_name(t)));
      }
      out.actions.push_back(UpdateAction::add(std::move(path), Operand::constant(*u.value)));
    } else {
      throw ApiError::validation(
          "1 validation error detected: Value '" + u.action + "' at 'attributeUpdates." +
          u.attribute +
          ".member.action' failed to satisfy constraint: Member must satisfy enum value set: "
          "[ADD, PUT, DELETE]");
    }
  }
  return out;
}

ProjectionExpression translate_attributes_to_get(const std::vector<std::string>& names) {
  ProjectionExpression out;
  std::set<std::string_view> seen;
  for (const auto& n : names) {
    check_attribute_name(n);
    if (!seen.insert(n).second) {
      throw invalid("Duplicate value in attribute name: " + n);
    }
    out.paths.push_back(Path::attribute(n));
  }
  return out;
}

}  // namespace cairn::expr
