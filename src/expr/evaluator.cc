#include "expr/evaluator.h"

#include <algorithm>
#include <string>

#include "model/number.h"
#include "model/text_length.h"

namespace cairn::expr {
namespace {

// An operand's value: a pointer into the item or the tree, or a value computed here
// (size()). ptr is null when the value is missing.
struct Value {
  const AttributeValue* ptr = nullptr;
  AttributeValue computed;
};

void evaluate_operand(const Operand& o, const Item* item, Value& out);

// DynamoDB's size(): characters of a string (in UTF-16 code units, as DynamoDB counts
// them), bytes of a binary, elements of a set or list, entries of a map. Other types have no size:
// the result is missing, so any comparison with it is false.
void evaluate_size(const Operand& o, const Item* item, Value& out) {
  Value arg;
  evaluate_operand(o.args.front(), item, arg);
  out.ptr = nullptr;
  if (arg.ptr == nullptr) return;
  size_t n = 0;
  switch (arg.ptr->type) {
    case AttrType::S:
      n = utf16_length(arg.ptr->scalar);
      break;
    case AttrType::B:
      n = arg.ptr->scalar.size();
      break;
    case AttrType::SS:
    case AttrType::NS:
    case AttrType::BS:
      n = arg.ptr->set.size();
      break;
    case AttrType::L:
      n = arg.ptr->list.size();
      break;
    case AttrType::M:
      n = arg.ptr->map.size();
      break;
    default:
      return;
  }
  out.computed = AttributeValue::number(std::to_string(n));
  out.ptr = &out.computed;
}

void evaluate_operand(const Operand& o, const Item* item, Value& out) {
  switch (o.kind) {
    case Operand::Kind::kPath:
      out.ptr = resolve(item, o.path);
      return;
    case Operand::Kind::kValue:
      out.ptr = o.value;
      return;
    case Operand::Kind::kSize:
      evaluate_size(o, item, out);
      return;
    default:
      // Update-only terms never reach a condition (the parser refuses them).
      out.ptr = nullptr;
      return;
  }
}

bool is_ordered(AttrType t) {
  return t == AttrType::S || t == AttrType::N || t == AttrType::B;
}

// <0, 0, >0 for two values of the same ordered type.
int order(const AttributeValue& a, const AttributeValue& b) {
  if (a.type == AttrType::N) {
    Number x, y;
    // Stored numbers are always valid; a malformed one simply compares as zero.
    Number::try_parse(a.scalar, x);
    Number::try_parse(b.scalar, y);
    const auto c = x <=> y;
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  // std::string compares chars as unsigned bytes (char_traits<char>), which is both UTF-8
  // code point order for S and DynamoDB's unsigned byte order for B.
  const int c = a.scalar.compare(b.scalar);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

bool comparable(const AttributeValue* a, const AttributeValue* b) {
  return a != nullptr && b != nullptr && a->type == b->type && is_ordered(a->type);
}

bool compare(Comparator op, const AttributeValue* a, const AttributeValue* b) {
  switch (op) {
    case Comparator::kEq:
      return a != nullptr && b != nullptr && *a == *b;
    case Comparator::kNe:
      return a == nullptr || b == nullptr || !(*a == *b);
    case Comparator::kLt:
      return comparable(a, b) && order(*a, *b) < 0;
    case Comparator::kLe:
      return comparable(a, b) && order(*a, *b) <= 0;
    case Comparator::kGt:
      return comparable(a, b) && order(*a, *b) > 0;
    case Comparator::kGe:
      return comparable(a, b) && order(*a, *b) >= 0;
  }
  return false;
}

bool set_element_type_matches(AttrType set, AttrType element) {
  return (set == AttrType::SS && element == AttrType::S) ||
         (set == AttrType::NS && element == AttrType::N) ||
         (set == AttrType::BS && element == AttrType::B);
}

// contains(a, b): a substring of a string or binary, or a member of a set or list.
bool contains(const AttributeValue& a, const AttributeValue& b) {
  switch (a.type) {
    case AttrType::S:
    case AttrType::B:
      return b.type == a.type && a.scalar.find(b.scalar) != std::string::npos;
    case AttrType::SS:
    case AttrType::NS:
    case AttrType::BS:
      return set_element_type_matches(a.type, b.type) &&
             std::find(a.set.begin(), a.set.end(), b.scalar) != a.set.end();
    case AttrType::L:
      return std::find(a.list.begin(), a.list.end(), b) != a.list.end();
    default:
      return false;
  }
}

bool begins_with(const AttributeValue& a, const AttributeValue& b) {
  return a.type == b.type && (a.type == AttrType::S || a.type == AttrType::B) &&
         a.scalar.compare(0, b.scalar.size(), b.scalar) == 0;
}

bool evaluate_function(const Condition& c, const Item* item) {
  if (c.operands.empty()) return false;
  Value a;
  evaluate_operand(c.operands[0], item, a);
  switch (c.kind) {
    case Condition::Kind::kAttributeExists:
      return a.ptr != nullptr;
    case Condition::Kind::kAttributeNotExists:
      return a.ptr == nullptr;
    default:
      break;
  }
  if (c.operands.size() < 2 || a.ptr == nullptr) return false;
  Value b;
  evaluate_operand(c.operands[1], item, b);
  if (b.ptr == nullptr) return false;
  switch (c.kind) {
    case Condition::Kind::kAttributeType:
      return b.ptr->type == AttrType::S && type_name(a.ptr->type) == b.ptr->scalar;
    case Condition::Kind::kBeginsWith:
      return begins_with(*a.ptr, *b.ptr);
    case Condition::Kind::kContains:
      return contains(*a.ptr, *b.ptr);
    default:
      return false;
  }
}

}  // namespace

bool evaluate(const Condition& c, const Item* item) {
  switch (c.kind) {
    case Condition::Kind::kAnd:
      for (const Condition& child : c.children) {
        if (!evaluate(child, item)) return false;
      }
      return true;
    case Condition::Kind::kOr:
      for (const Condition& child : c.children) {
        if (evaluate(child, item)) return true;
      }
      return false;
    case Condition::Kind::kNot:
      return !c.children.empty() && !evaluate(c.children.front(), item);
    case Condition::Kind::kCompare: {
      if (c.operands.size() != 2) return false;
      Value a, b;
      evaluate_operand(c.operands[0], item, a);
      evaluate_operand(c.operands[1], item, b);
      return compare(c.op, a.ptr, b.ptr);
    }
    case Condition::Kind::kBetween: {
      if (c.operands.size() != 3) return false;
      Value x, low, high;
      evaluate_operand(c.operands[0], item, x);
      evaluate_operand(c.operands[1], item, low);
      evaluate_operand(c.operands[2], item, high);
      return comparable(x.ptr, low.ptr) && comparable(x.ptr, high.ptr) &&
             order(*low.ptr, *x.ptr) <= 0 && order(*x.ptr, *high.ptr) <= 0;
    }
    case Condition::Kind::kIn: {
      if (c.operands.empty()) return false;
      Value x;
      evaluate_operand(c.operands[0], item, x);
      if (x.ptr == nullptr) return false;
      for (size_t i = 1; i < c.operands.size(); ++i) {
        Value candidate;
        evaluate_operand(c.operands[i], item, candidate);
        if (candidate.ptr != nullptr && *candidate.ptr == *x.ptr) return true;
      }
      return false;
    }
    default:
      return evaluate_function(c, item);
  }
}

}  // namespace cairn::expr
