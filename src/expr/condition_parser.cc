// ConditionExpression / FilterExpression / KeyConditionExpression:
//
//   condition  := and (OR and)*
//   and        := not (AND not)*
//   not        := NOT* primary
//   primary    := '(' condition ')'
//               | operand comparator operand
//               | operand BETWEEN operand AND operand
//               | operand IN '(' operand (',' operand)* ')'
//               | function '(' operand (',' operand)* ')'       -- a boolean function
//   operand    := '(' operand ')' | :value | function-call | path
//
// Precedence is DynamoDB's: NOT binds tighter than AND, AND tighter than OR. A '(' at the
// start of a primary opens an operand when its matching ')' is followed by a comparator,
// BETWEEN or IN, and a nested condition otherwise.
#include <optional>

#include "expr/parser.h"
#include "expr/parser_base.h"
#include "model/number.h"

namespace cairn::expr {
namespace {

using detail::ErrorClass;

constexpr ErrorClass kOrder[] = {
    ErrorClass::kPathDepth,       ErrorClass::kParens,   ErrorClass::kUnknownFunction,
    ErrorClass::kMisusedFunction, ErrorClass::kReserved, ErrorClass::kUndefinedName,
    ErrorClass::kOperandCount,    ErrorClass::kDistinct, ErrorClass::kFunction,
};

// The type an operand is known to have before any item is seen: a constant's type, or N
// for size(). Paths are unknown.
std::optional<AttrType> static_type(const Operand& o) {
  if (o.kind == Operand::Kind::kValue) {
    if (o.value == nullptr) return std::nullopt;
    return o.value->type;
  }
  if (o.kind == Operand::Kind::kSize) return AttrType::N;
  return std::nullopt;
}

bool is_ordered_type(AttrType t) {
  return t == AttrType::S || t == AttrType::N || t == AttrType::B;
}

bool is_update_function(std::string_view name) {
  return name == "if_not_exists" || name == "list_append";
}

std::optional<Condition::Kind> boolean_function(std::string_view name) {
  if (name == "attribute_exists") return Condition::Kind::kAttributeExists;
  if (name == "attribute_not_exists") return Condition::Kind::kAttributeNotExists;
  if (name == "attribute_type") return Condition::Kind::kAttributeType;
  if (name == "begins_with") return Condition::Kind::kBeginsWith;
  if (name == "contains") return Condition::Kind::kContains;
  return std::nullopt;
}

// Orders two constants of the same scalar type: <0, 0, >0.
int compare_constants(const AttributeValue& a, const AttributeValue& b) {
  if (a.type == AttrType::N) {
    auto c = Number::parse(a.scalar) <=> Number::parse(b.scalar);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  // S and B: bytes as unsigned, which std::string::compare does via char_traits<char>.
  const int c = a.scalar.compare(b.scalar);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

class ConditionParser : public detail::ParserBase {
 public:
  ConditionParser(std::string_view text, ExpressionKind kind, ExpressionContext& ctx)
      : ParserBase(text, kind, ctx) {}

  Condition parse() {
    bool bare = false;
    Condition c = parse_or(&bare);
    if (!at(TokenKind::kEof)) syntax_error();
    raise_errors(kOrder);
    return c;
  }

 private:
  struct Call {
    std::string name;
    std::vector<Operand> args;
  };

  bool starts_operator(const Token& t) const {
    switch (t.kind) {
      case TokenKind::kEq:
      case TokenKind::kNe:
      case TokenKind::kLt:
      case TokenKind::kLe:
      case TokenKind::kGt:
      case TokenKind::kGe:
        return true;
      default:
        return t.is_keyword("BETWEEN") || t.is_keyword("IN");
    }
  }

  // `bare` reports whether what was parsed is exactly one parenthesized condition, which
  // DynamoDB refuses to see wrapped in another pair of parentheses.
  Condition parse_or(bool* bare) {
    std::vector<Condition> terms;
    terms.push_back(parse_and(bare));
    while (peek().is_keyword("OR")) {
      advance();
      ++operators_;
      bool ignored = false;
      terms.push_back(parse_and(&ignored));
    }
    if (terms.size() == 1) return std::move(terms.front());
    *bare = false;
    return Condition::disjunction(std::move(terms));
  }

  Condition parse_and(bool* bare) {
    std::vector<Condition> terms;
    terms.push_back(parse_not(bare));
    while (peek().is_keyword("AND")) {
      advance();
      ++operators_;
      bool ignored = false;
      terms.push_back(parse_not(&ignored));
    }
    if (terms.size() == 1) return std::move(terms.front());
    *bare = false;
    return Condition::conjunction(std::move(terms));
  }

  // NOT chains are counted, not recursed, so "NOT NOT ... NOT" cannot exhaust the stack.
  Condition parse_not(bool* bare) {
    size_t nots = 0;
    while (peek().is_keyword("NOT")) {
      advance();
      ++operators_;
      ++nots;
    }
    Condition c = parse_primary(bare);
    if (nots > 0) *bare = false;
    for (size_t i = 0; i < nots; ++i) c = Condition::negation(std::move(c));
    return c;
  }

  Condition parse_primary(bool* bare) {
    *bare = false;
    if (at(TokenKind::kLParen)) {
      const size_t after = after_closing_paren();
      const bool operand = after < tokens_.size() && starts_operator(tokens_[after]);
      if (!operand) {
        Nesting nesting(*this);
        advance();
        bool inner_bare = false;
        Condition c = parse_or(&inner_bare);
        expect(TokenKind::kRParen);
        if (inner_bare) redundant_parentheses();
        *bare = true;
        return c;
      }
    }
    if (at_function_call()) {
      Call call = parse_call();
      if (!starts_operator(peek())) return to_condition(std::move(call));
      return parse_comparison(to_operand(std::move(call)));
    }
    bool ignored = false;
    return parse_comparison(parse_operand(&ignored));
  }

  Condition parse_comparison(Operand left) {
    const Token& t = peek();
    std::optional<Comparator> op;
    switch (t.kind) {
      case TokenKind::kEq:
        op = Comparator::kEq;
        break;
      case TokenKind::kNe:
        op = Comparator::kNe;
        break;
      case TokenKind::kLt:
        op = Comparator::kLt;
        break;
      case TokenKind::kLe:
        op = Comparator::kLe;
        break;
      case TokenKind::kGt:
        op = Comparator::kGt;
        break;
      case TokenKind::kGe:
        op = Comparator::kGe;
        break;
      default:
        break;
    }
    bool ignored = false;
    if (op) {
      advance();
      ++operators_;
      Operand right = parse_operand(&ignored);
      check_distinct(comparator_symbol(*op), left, right);
      if (*op != Comparator::kEq && *op != Comparator::kNe) {
        check_ordered(comparator_symbol(*op), left);
        check_ordered(comparator_symbol(*op), right);
      }
      return Condition::compare(std::move(left), *op, std::move(right));
    }
    if (t.is_keyword("BETWEEN")) {
      advance();
      ++operators_;
      Operand low = parse_operand(&ignored);
      if (!peek().is_keyword("AND")) syntax_error();
      advance();
      Operand high = parse_operand(&ignored);
      check_between(left, low, high);
      return Condition::between(std::move(left), std::move(low), std::move(high));
    }
    if (t.is_keyword("IN")) {
      advance();
      ++operators_;
      expect(TokenKind::kLParen);
      std::vector<Operand> candidates;
      candidates.push_back(parse_operand(&ignored));
      while (at(TokenKind::kComma)) {
        advance();
        candidates.push_back(parse_operand(&ignored));
      }
      expect(TokenKind::kRParen);
      if (candidates.size() + 1 > kMaxInOperands) {
        errors_.note(ErrorClass::kOperandCount,
                     "The IN operator is provided with too many operands; number of operands: " +
                         std::to_string(candidates.size() + 1));
      }
      return Condition::in(std::move(left), std::move(candidates));
    }
    syntax_error();
  }

  Operand parse_operand(bool* bare) {
    *bare = false;
    switch (peek().kind) {
      case TokenKind::kLParen: {
        Nesting nesting(*this);
        advance();
        bool inner_bare = false;
        Operand o = parse_operand(&inner_bare);
        expect(TokenKind::kRParen);
        if (inner_bare) redundant_parentheses();
        *bare = true;
        return o;
      }
      case TokenKind::kValuePlaceholder:
        // Conditions report undefined names and values as one class, the first one seen.
        return parse_value(ErrorClass::kUndefinedName);
      default:
        if (at_function_call()) return to_operand(parse_call());
        return Operand::of_path(parse_path());
    }
  }

  Call parse_call() {
    Nesting nesting(*this);
    Call call{std::string(advance().text), {}};
    expect(TokenKind::kLParen);
    bool ignored = false;
    call.args.push_back(parse_operand(&ignored));
    while (at(TokenKind::kComma)) {
      advance();
      call.args.push_back(parse_operand(&ignored));
    }
    expect(TokenKind::kRParen);
    return call;
  }

  // A function used where a value belongs: only size() produces one.
  Operand to_operand(Call call) {
    if (call.name != "size") {
      if (boolean_function(call.name) || is_update_function(call.name)) {
        errors_.note(ErrorClass::kMisusedFunction, detail::misused_function(call.name));
      } else {
        unknown_function(call.name);
      }
      return Operand::of_value(nullptr);
    }
    if (call.args.size() != 1) {
      errors_.note(ErrorClass::kOperandCount,
                   detail::incorrect_operand_count(call.name, call.args.size()));
    } else if (auto t = static_type(call.args[0]);
               t && (*t == AttrType::N || *t == AttrType::BOOL || *t == AttrType::NUL)) {
      errors_.note(ErrorClass::kFunction, detail::incorrect_operand_type("size", type_name(*t)));
    }
    return Operand::call(Operand::Kind::kSize, std::move(call.args));
  }

  // A function used as a condition of its own.
  Condition to_condition(Call call) {
    const std::optional<Condition::Kind> kind = boolean_function(call.name);
    if (!kind) {
      if (call.name == "size" || is_update_function(call.name)) {
        errors_.note(ErrorClass::kMisusedFunction, detail::misused_function(call.name));
      } else {
        unknown_function(call.name);
      }
      return Condition::conjunction({});
    }
    const bool unary =
        *kind == Condition::Kind::kAttributeExists || *kind == Condition::Kind::kAttributeNotExists;
    const size_t arity = unary ? 1 : 2;
    if (call.args.size() != arity) {
      errors_.note(ErrorClass::kOperandCount,
                   detail::incorrect_operand_count(call.name, call.args.size()));
      return Condition::function(*kind, std::move(call.args));
    }
    if (!unary) check_distinct(call.name, call.args[0], call.args[1]);
    switch (*kind) {
      case Condition::Kind::kAttributeExists:
      case Condition::Kind::kAttributeNotExists:
        if (!call.args[0].is_path()) {
          errors_.note(ErrorClass::kFunction, detail::requires_path(call.name));
        }
        break;
      case Condition::Kind::kAttributeType:
        check_type_name(call.args[1]);
        break;
      case Condition::Kind::kBeginsWith:
        for (const Operand& arg : call.args) {
          if (auto t = static_type(arg); t && *t != AttrType::S && *t != AttrType::B) {
            errors_.note(ErrorClass::kFunction,
                         detail::incorrect_operand_type(call.name, type_name(*t)));
          }
        }
        break;
      default:
        break;
    }
    return Condition::function(*kind, std::move(call.args));
  }

  // attribute_type's second operand must be a string constant naming a type.
  void check_type_name(const Operand& arg) {
    if (arg.kind == Operand::Kind::kValue && arg.value == nullptr) return;  // undefined
    const std::optional<AttrType> t = static_type(arg);
    if (t != AttrType::S) {
      errors_.note(ErrorClass::kFunction,
                   detail::incorrect_operand_type(
                       "attribute_type", t ? type_name(*t) : "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}"));
      return;
    }
    AttrType parsed;
    if (!parse_type_name(arg.value->scalar, parsed)) {
      errors_.note(ErrorClass::kFunction,
                   "Invalid attribute type name found; type: " + arg.value->scalar +
                       ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
    }
  }

  // DynamoDB refuses an operator or function applied to the same path twice.
  void check_distinct(std::string_view op, const Operand& a, const Operand& b) {
    if (a.is_path() && b.is_path() && a.path == b.path) {
      errors_.note(ErrorClass::kDistinct,
                   "The first operand must be distinct from the remaining operands for this "
                   "operator or function; operator: " +
                       std::string(op) + ", first operand: " + a.path.to_string());
    }
  }

  // Order comparisons only apply to N, S and B. A constant of another type is the
  // request's mistake (ValidationException); an item value of another type merely
  // compares false at evaluation.
  void check_ordered(std::string_view op, const Operand& o) {
    if (auto t = static_type(o); t && !is_ordered_type(*t)) {
      errors_.note(ErrorClass::kFunction, detail::incorrect_operand_type(op, type_name(*t)));
    }
  }

  void check_between(const Operand& x, const Operand& low, const Operand& high) {
    check_ordered("BETWEEN", x);
    check_ordered("BETWEEN", low);
    check_ordered("BETWEEN", high);
    if (low.kind != Operand::Kind::kValue || high.kind != Operand::Kind::kValue) return;
    if (low.value == nullptr || high.value == nullptr) return;
    const AttributeValue& lo = *low.value;
    const AttributeValue& hi = *high.value;
    if (!is_ordered_type(lo.type) || !is_ordered_type(hi.type)) return;
    const std::string bounds =
        "lower bound operand: AttributeValue: " + detail::describe_value(lo) +
        ", upper bound operand: AttributeValue: " + detail::describe_value(hi);
    if (lo.type != hi.type) {
      errors_.note(
          ErrorClass::kFunction,
          "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
    } else if (compare_constants(lo, hi) > 0) {
      errors_.note(ErrorClass::kFunction,
                   "The BETWEEN operator requires upper bound to be greater than or equal to "
                   "lower bound; " +
                       bounds);
    }
  }

  void unknown_function(const std::string& name) {
    errors_.note(ErrorClass::kUnknownFunction, "Invalid function name; function: " + name);
  }

  void redundant_parentheses() {
    errors_.note(ErrorClass::kParens, "The expression has redundant parentheses;");
  }
};

}  // namespace

Condition parse_condition(std::string_view text, ExpressionKind kind, ExpressionContext& ctx) {
  return ConditionParser(text, kind, ctx).parse();
}

}  // namespace cairn::expr
