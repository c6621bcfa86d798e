#include "expr/ast.h"

#include <algorithm>

namespace cairn::expr {
namespace {

void collect_path_tops(const Operand& o, std::set<std::string, std::less<>>& out) {
  if (o.is_path()) out.insert(o.path.top());
  for (const Operand& arg : o.args) collect_path_tops(arg, out);
}

void collect_path_tops(const Condition& c, std::set<std::string, std::less<>>& out) {
  for (const Operand& o : c.operands) collect_path_tops(o, out);
  for (const Condition& child : c.children) collect_path_tops(child, out);
}

}  // namespace

std::string_view expression_name(ExpressionKind kind) {
  switch (kind) {
    case ExpressionKind::kCondition:
      return "ConditionExpression";
    case ExpressionKind::kFilter:
      return "FilterExpression";
    case ExpressionKind::kKeyCondition:
      return "KeyConditionExpression";
    case ExpressionKind::kUpdate:
      return "UpdateExpression";
    case ExpressionKind::kProjection:
      return "ProjectionExpression";
  }
  return "";
}

std::string_view comparator_symbol(Comparator op) {
  switch (op) {
    case Comparator::kEq:
      return "=";
    case Comparator::kNe:
      return "<>";
    case Comparator::kLt:
      return "<";
    case Comparator::kLe:
      return "<=";
    case Comparator::kGt:
      return ">";
    case Comparator::kGe:
      return ">=";
  }
  return "";
}

Operand Operand::of_path(Path p) {
  Operand o;
  o.kind = Kind::kPath;
  o.path = std::move(p);
  return o;
}

Operand Operand::of_value(const AttributeValue* v, std::string placeholder) {
  Operand o;
  o.kind = Kind::kValue;
  o.value = v;
  o.placeholder = std::move(placeholder);
  return o;
}

Operand Operand::constant(AttributeValue v) {
  Operand o;
  o.kind = Kind::kValue;
  o.owned = std::make_shared<const AttributeValue>(std::move(v));
  o.value = o.owned.get();
  return o;
}

Operand Operand::call(Kind kind, std::vector<Operand> args) {
  Operand o;
  o.kind = kind;
  o.args = std::move(args);
  return o;
}

Condition Condition::compare(Operand left, Comparator op, Operand right) {
  Condition c;
  c.kind = Kind::kCompare;
  c.op = op;
  c.operands.push_back(std::move(left));
  c.operands.push_back(std::move(right));
  return c;
}

Condition Condition::between(Operand x, Operand low, Operand high) {
  Condition c;
  c.kind = Kind::kBetween;
  c.operands.push_back(std::move(x));
  c.operands.push_back(std::move(low));
  c.operands.push_back(std::move(high));
  return c;
}

Condition Condition::in(Operand x, std::vector<Operand> candidates) {
  Condition c;
  c.kind = Kind::kIn;
  c.operands.reserve(candidates.size() + 1);
  c.operands.push_back(std::move(x));
  for (Operand& o : candidates) c.operands.push_back(std::move(o));
  return c;
}

Condition Condition::conjunction(std::vector<Condition> children) {
  Condition c;
  c.kind = Kind::kAnd;
  c.children = std::move(children);
  return c;
}

Condition Condition::disjunction(std::vector<Condition> children) {
  Condition c;
  c.kind = Kind::kOr;
  c.children = std::move(children);
  return c;
}

Condition Condition::negation(Condition child) {
  Condition c;
  c.kind = Kind::kNot;
  c.children.push_back(std::move(child));
  return c;
}

Condition Condition::function(Kind kind, std::vector<Operand> args) {
  Condition c;
  c.kind = kind;
  c.operands = std::move(args);
  return c;
}

std::vector<std::string> UpdateExpression::modified_attributes() const {
  std::vector<std::string> out;
  for (const UpdateAction& a : actions) {
    const std::string& top = a.path.top();
    if (std::find(out.begin(), out.end(), top) == out.end()) out.push_back(top);
  }
  return out;
}

std::vector<Path> UpdateExpression::target_paths() const {
  std::vector<Path> out;
  out.reserve(actions.size());
  for (const UpdateAction& a : actions) out.push_back(a.path);
  return out;
}

std::set<std::string, std::less<>> attributes_read_by(const Condition& condition) {
  std::set<std::string, std::less<>> named;
  collect_path_tops(condition, named);
  return named;
}

std::set<std::string, std::less<>> attributes_named_by(const UpdateExpression& update) {
  std::set<std::string, std::less<>> named;
  for (const UpdateAction& a : update.actions) {
    named.insert(a.path.top());
    collect_path_tops(a.value, named);
  }
  return named;
}

}  // namespace cairn::expr
