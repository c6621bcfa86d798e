#include "expr/key_terms.h"

#include "model/api_error.h"

namespace cairn::expr {
namespace {

ApiError invalid_operator(std::string_view op) {
  return ApiError::validation("Invalid operator used in KeyConditionExpression: " +
                              std::string(op));
}

ApiError invalid_condition(std::string_view why) {
  return ApiError::validation("Invalid condition in KeyConditionExpression: " + std::string(why));
}

// The comparison a term states when written "value op key" instead of "key op value".
std::string_view comparison_of(Comparator op, bool reversed) {
  switch (op) {
    case Comparator::kLt:
      return reversed ? "GT" : "LT";
    case Comparator::kLe:
      return reversed ? "GE" : "LE";
    case Comparator::kGt:
      return reversed ? "LT" : "GT";
    case Comparator::kGe:
      return reversed ? "LE" : "GE";
    default:
      return "EQ";
  }
}

// One comparison, BETWEEN or begins_with of an expression, as a term. DynamoDB looks at
// the operands in order: the first path is the key attribute, a second one or a nested
// path is refused, and so is any function (size) among them.
KeyTerm term_of(const Condition& c) {
  KeyTerm term;
  std::optional<size_t> attribute_at;
  for (size_t i = 0; i < c.operands.size(); ++i) {
    const Operand& o = c.operands[i];
    if (o.is_path()) {
      if (attribute_at) throw invalid_condition("Multiple attribute names used in one condition");
      if (o.path.depth() > 1) {
        throw ApiError::validation(
            "KeyConditionExpressions cannot have conditions on nested attributes");
      }
      term.attribute = o.path.top();
      attribute_at = i;
    } else if (o.kind == Operand::Kind::kValue && o.value != nullptr) {
      term.values.push_back(*o.value);
    } else {
      throw ApiError::validation("KeyConditionExpressions cannot contain nested operations");
    }
  }
  if (!attribute_at) throw invalid_condition("No key attribute specified");
  switch (c.kind) {
    case Condition::Kind::kBetween:
      term.comparison = "BETWEEN";
      break;
    case Condition::Kind::kBeginsWith:
      term.comparison = "BEGINS_WITH";
      break;
    default:
      term.comparison = comparison_of(c.op, *attribute_at != 0);
      break;
  }
  return term;
}

// Walks the conjunction of conditions in the order written, refusing every other form.
void collect_terms(const Condition& c, std::vector<KeyTerm>& out) {
  switch (c.kind) {
    case Condition::Kind::kAnd:
      for (const Condition& child : c.children) collect_terms(child, out);
      return;
    case Condition::Kind::kOr:
      throw invalid_operator("OR");
    case Condition::Kind::kNot:
      throw invalid_operator("NOT");
    case Condition::Kind::kIn:
      throw invalid_operator("IN");
    case Condition::Kind::kAttributeExists:
      throw invalid_operator("attribute_exists");
    case Condition::Kind::kAttributeNotExists:
      throw invalid_operator("attribute_not_exists");
    case Condition::Kind::kAttributeType:
      throw invalid_operator("attribute_type");
    case Condition::Kind::kContains:
      throw invalid_operator("contains");
    case Condition::Kind::kCompare:
      if (c.op == Comparator::kNe) throw invalid_operator("<>");
      break;
    case Condition::Kind::kBetween:
      if (c.operands.empty() || !c.operands[0].is_path()) {
        throw invalid_condition(
            "BETWEEN operator must have the key attribute as its first operand");
      }
      break;
    case Condition::Kind::kBeginsWith:
      if (c.operands.empty() || !c.operands[0].is_path()) {
        throw invalid_condition(
            "begins_with operator must have the key attribute as its first operand");
      }
      break;
  }
  KeyTerm term = term_of(c);
  for (const KeyTerm& seen : out) {
    if (seen.attribute == term.attribute) {
      throw ApiError::validation(
          "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one "
          "condition per key");
    }
  }
  out.push_back(std::move(term));
}

// A KeyConditions map names at most every key attribute of a schema: a GSI's four
// partition and four sort attributes.
constexpr size_t kMaxKeyConditions = 8;

}  // namespace

KeyTerms key_terms_from_expression(const Condition& condition) {
  KeyTerms out;
  out.from_expression = true;
  collect_terms(condition, out.terms);
  return out;
}

KeyTerms key_terms_from_legacy(const std::vector<LegacyCondition>& entries) {
  KeyTerms out;
  for (const LegacyCondition& e : entries) {
    KeyTerm term;
    term.attribute = e.attribute;
    term.comparison = e.comparison.value_or("");
    if (e.value_list) term.values = *e.value_list;
    // The checks every legacy condition gets (operator, argument count and types).
    translate_comparison(Path::attribute(term.attribute), term.comparison, term.values);
    out.terms.push_back(std::move(term));
  }
  if (out.terms.empty() || out.terms.size() > kMaxKeyConditions) {
    throw ApiError::validation("Conditions can be of length 1 or 2 only");
  }
  return out;
}

}  // namespace cairn::expr
