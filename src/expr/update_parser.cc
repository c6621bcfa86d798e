// UpdateExpression:
//
//   update     := section+            -- each of SET, REMOVE, ADD, DELETE at most once
//   section    := SET path '=' set_value (',' path '=' set_value)*
//               | REMOVE path (',' path)*
//               | ADD path :value (',' path :value)*
//               | DELETE path :value (',' path :value)*
//   set_value  := '(' term ')' | term
//   term       := operand | operand '+' operand | operand '-' operand
//   operand    := '(' atom ')' | atom
//   atom       := :value | function '(' operand (',' operand)* ')' | path
//
// So "a + b + c" and "f(a + b)" are syntax errors, as in DynamoDB, while function calls
// nest ("if_not_exists(a, if_not_exists(b, :v))").
#include <optional>

#include "expr/parser.h"
#include "expr/parser_base.h"

namespace cairn::expr {
namespace {

using detail::ErrorClass;

constexpr ErrorClass kOrder[] = {
    ErrorClass::kPathDepth,       ErrorClass::kReserved, ErrorClass::kUnknownFunction,
    ErrorClass::kMisusedFunction, ErrorClass::kSection,  ErrorClass::kUndefinedName,
    ErrorClass::kUndefinedValue,  ErrorClass::kOverlap,  ErrorClass::kConflict,
    ErrorClass::kOperandType,     ErrorClass::kFunction,
};

bool is_condition_function(std::string_view name) {
  return name == "attribute_exists" || name == "attribute_not_exists" || name == "attribute_type" ||
         name == "begins_with" || name == "contains" || name == "size";
}

// A constant's type; everything else is only known once the item is read.
std::optional<AttrType> constant_type(const Operand& o) {
  if (o.kind != Operand::Kind::kValue || o.value == nullptr) return std::nullopt;
  return o.value->type;
}

bool is_set(AttrType t) {
  return t == AttrType::SS || t == AttrType::NS || t == AttrType::BS;
}

class UpdateParser : public detail::ParserBase {
 public:
  UpdateParser(std::string_view text, ExpressionContext& ctx)
      : ParserBase(text, ExpressionKind::kUpdate, ctx) {}

  UpdateExpression parse() {
    UpdateExpression update;
    do {
      parse_section(update);
    } while (!at(TokenKind::kEof));
    check_disjoint(update.target_paths());
    raise_errors(kOrder);
    return update;
  }

 private:
  void parse_section(UpdateExpression& update) {
    const Token& t = peek();
    UpdateAction::Kind kind;
    std::string_view keyword;
    if (t.is_keyword("SET")) {
      kind = UpdateAction::Kind::kSet;
      keyword = "SET";
    } else if (t.is_keyword("REMOVE")) {
      kind = UpdateAction::Kind::kRemove;
      keyword = "REMOVE";
    } else if (t.is_keyword("ADD")) {
      kind = UpdateAction::Kind::kAdd;
      keyword = "ADD";
    } else if (t.is_keyword("DELETE")) {
      kind = UpdateAction::Kind::kDelete;
      keyword = "DELETE";
    } else {
      syntax_error();
    }
    advance();
    bool& seen = seen_[static_cast<size_t>(kind)];
    if (seen) {
      errors_.note(ErrorClass::kSection, "The \"" + std::string(keyword) +
                                             "\" section can only be used once in an update "
                                             "expression;");
    }
    seen = true;
    while (true) {
      update.actions.push_back(parse_action(kind, keyword));
      if (!at(TokenKind::kComma)) break;
      advance();
    }
  }

  UpdateAction parse_action(UpdateAction::Kind kind, std::string_view keyword) {
    Path path = parse_path();
    switch (kind) {
      case UpdateAction::Kind::kSet:
        expect(TokenKind::kEq);
        return UpdateAction::set(std::move(path), parse_set_value());
      case UpdateAction::Kind::kRemove:
        return UpdateAction::remove(std::move(path));
      case UpdateAction::Kind::kAdd:
      case UpdateAction::Kind::kDelete: {
        if (!at(TokenKind::kValuePlaceholder)) syntax_error();
        Operand v = parse_value(ErrorClass::kUndefinedValue);
        check_add_delete_operand(kind, keyword, v);
        return UpdateAction{kind, std::move(path), std::move(v)};
      }
    }
    syntax_error();
  }

  // ADD takes a number or a set, DELETE a set; DynamoDB names the type in long form here.
  void check_add_delete_operand(UpdateAction::Kind kind, std::string_view keyword,
                                const Operand& v) {
    const std::optional<AttrType> t = constant_type(v);
    if (!t) return;
    const bool ok = is_set(*t) || (kind == UpdateAction::Kind::kAdd && *t == AttrType::N);
    if (!ok) {
      errors_.note(
          ErrorClass::kOperandType,
          "Incorrect operand type for operator or function; operator: " + std::string(keyword) +
              ", operand type: " + std::string(detail::long_type_name(*t)));
    }
  }

  Operand parse_set_value() {
    if (at(TokenKind::kLParen)) {
      // "(a + b)" wraps the whole value; "(a) + b" only wraps an operand.
      const size_t after = after_closing_paren();
      const bool wraps_operand =
          after < tokens_.size() &&
          (tokens_[after].kind == TokenKind::kPlus || tokens_[after].kind == TokenKind::kMinus);
      if (!wraps_operand) {
        advance();
        Operand term = parse_term();
        expect(TokenKind::kRParen);
        return term;
      }
    }
    return parse_term();
  }

  Operand parse_term() {
    Operand left = parse_operand();
    if (!at(TokenKind::kPlus) && !at(TokenKind::kMinus)) return left;
    const bool plus = at(TokenKind::kPlus);
    advance();
    ++operators_;
    Operand right = parse_operand();
    const std::string_view op = plus ? "+" : "-";
    for (const Operand* o : {&left, &right}) {
      if (auto t = constant_type(*o); t && *t != AttrType::N) {
        errors_.note(ErrorClass::kFunction, detail::incorrect_operand_type(op, type_name(*t)));
      }
    }
    std::vector<Operand> args;
    args.push_back(std::move(left));
    args.push_back(std::move(right));
    return Operand::call(plus ? Operand::Kind::kPlus : Operand::Kind::kMinus, std::move(args));
  }

  Operand parse_operand() {
    if (at(TokenKind::kLParen)) {
      advance();
      Operand o = parse_atom();
      expect(TokenKind::kRParen);
      return o;
    }
    return parse_atom();
  }

  Operand parse_atom() {
    if (at(TokenKind::kValuePlaceholder)) return parse_value(ErrorClass::kUndefinedValue);
    if (at_function_call()) return parse_call();
    return Operand::of_path(parse_path());
  }

  Operand parse_call() {
    Nesting nesting(*this);
    const std::string name(advance().text);
    expect(TokenKind::kLParen);
    std::vector<Operand> args;
    args.push_back(parse_operand());
    while (at(TokenKind::kComma)) {
      advance();
      args.push_back(parse_operand());
    }
    expect(TokenKind::kRParen);
    // DynamoDB accepts list_append only at the top of a value, never as a function's
    // argument ("list_append(list_append(:a, :b), :c)" is refused).
    for (const Operand& arg : args) {
      if (arg.kind == Operand::Kind::kListAppend) {
        errors_.note(ErrorClass::kMisusedFunction, detail::misused_function("list_append"));
      }
    }
    Operand::Kind kind;
    if (name == "if_not_exists") {
      kind = Operand::Kind::kIfNotExists;
    } else if (name == "list_append") {
      kind = Operand::Kind::kListAppend;
    } else {
      if (is_condition_function(name)) {
        errors_.note(ErrorClass::kMisusedFunction, detail::misused_function(name));
      } else {
        errors_.note(ErrorClass::kUnknownFunction, "Invalid function name; function: " + name);
      }
      return Operand::of_value(nullptr);
    }
    if (args.size() != 2) {
      errors_.note(ErrorClass::kFunction, detail::incorrect_operand_count(name, args.size()));
    } else if (kind == Operand::Kind::kIfNotExists) {
      if (!args[0].is_path()) errors_.note(ErrorClass::kFunction, detail::requires_path(name));
    } else {
      for (const Operand& arg : args) {
        if (auto t = constant_type(arg); t && *t != AttrType::L) {
          errors_.note(ErrorClass::kFunction, detail::incorrect_operand_type(name, type_name(*t)));
        }
      }
    }
    return Operand::call(kind, std::move(args));
  }

  bool seen_[4] = {false, false, false, false};
};

}  // namespace

UpdateExpression parse_update(std::string_view text, ExpressionContext& ctx) {
  return UpdateParser(text, ctx).parse();
}

}  // namespace cairn::expr
