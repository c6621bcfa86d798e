// Internal to the expression parsers: the token cursor, document paths and DynamoDB's
// error ordering, shared by the condition, update and projection parsers.
//
// DynamoDB reports a syntax error as soon as the parse fails, but the semantic errors
// (reserved words, undefined placeholders, bad function use, overlapping paths, ...) only
// after the whole expression parsed, and then by class, not by position: an expression with
// both an undefined placeholder and a reserved word reports the reserved word. The parsers
// therefore note semantic errors in an ErrorCollector as they go and raise the one DynamoDB
// would report once parsing has succeeded.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "expr/ast.h"
#include "expr/context.h"
#include "expr/lexer.h"

namespace cairn::expr::detail {

enum class ErrorClass : uint8_t {
  kTooManyOperators,
  kPathDepth,
  kParens,
  kUnknownFunction,
  kMisusedFunction,
  kReserved,
  kSection,
  kUndefinedName,
  kUndefinedValue,
  kOverlap,
  kConflict,
  kOperandCount,
  kDistinct,
  kOperandType,
  kFunction,
  kCount,
};

class ErrorCollector {
 public:
  // Keeps the first message of each class.
  void note(ErrorClass c, std::string message);
  // Throws "Invalid <expression>: <message>" for the first class of `order` that has a
  // message; returns when none has.
  void raise(std::string_view expression, std::span<const ErrorClass> order) const;

 private:
  std::array<std::optional<std::string>, static_cast<size_t>(ErrorClass::kCount)> messages_;
};

class ParserBase {
 protected:
  // Applies the empty and size limits, then tokenizes. Throws ApiError::validation.
  ParserBase(std::string_view text, ExpressionKind kind, ExpressionContext& ctx);

  const Token& peek(size_t ahead = 0) const;
  const Token& advance();
  bool at(TokenKind k) const { return peek().kind == k; }
  void expect(TokenKind k);
  [[noreturn]] void syntax_error() const;
  // DynamoDB's message prefix for this expression, "Invalid ConditionExpression: ".
  std::string prefix() const;

  // The words this expression's grammar reserves (AND, OR, ... or SET, REMOVE, ...): they
  // can never be attribute names, so seeing one where a name belongs is a syntax error.
  bool is_grammar_keyword(const Token& t) const;
  // A NAME token immediately followed by '(' (and not a keyword): a function call.
  bool at_function_call() const;

  // path := element ('.' element | '[' digits ']')*, element := name | #placeholder.
  Path parse_path();
  // The current token is a :placeholder; resolves it (noting an undefined one under
  // `undefined_class`).
  Operand parse_value(ErrorClass undefined_class);
  // Notes overlapping and conflicting pairs among `paths` (update and projection).
  void check_disjoint(const std::vector<Path>& paths);
  void raise_errors(std::span<const ErrorClass> order) const;

  // Recursion guard for nested parentheses and function calls. No expression DynamoDB
  // accepts nests deeper than kMaxNesting (each level needs an operator, and there are at
  // most 300), but 4 KB can nest 2,000 levels, enough to exhaust a thread's stack. Deeper
  // input is refused with the error DynamoDB reports for it (see too_deep()).
  class Nesting {
   public:
    explicit Nesting(ParserBase& p) : p_(p) {
      if (++p_.depth_ > kMaxNesting) p_.too_deep();
    }
    ~Nesting() { --p_.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    ParserBase& p_;
  };
  static constexpr size_t kMaxNesting = 400;
  // The index of the token after the ')' that closes the '(' at the current position, or
  // npos when it is never closed: lets a parser look past a parenthesized group.
  size_t after_closing_paren() const;

  std::string_view text_;
  ExpressionKind kind_;
  ExpressionContext& ctx_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  ErrorCollector errors_;
  size_t operators_ = 0;

 private:
  PathElement parse_path_element();
  [[noreturn]] void too_deep();
  size_t depth_ = 0;
  std::vector<size_t> closing_;  // closing_[i]: the ')' matching a '(' at token i, or npos
};

// DynamoDB's rendering of a constant in BETWEEN messages: "{N:2}", "{S:dog}".
std::string describe_value(const AttributeValue& v);
// The spelling DynamoDB uses for ADD and DELETE operand types: STRING, NUMBER, LIST, ...
std::string_view long_type_name(AttrType type);
// "Incorrect operand type for operator or function; operator or function: <op>, operand
// type: <type>".
std::string incorrect_operand_type(std::string_view op, std::string_view type);
std::string incorrect_operand_count(std::string_view op, size_t count);
std::string misused_function(std::string_view name);
std::string requires_path(std::string_view name);

}  // namespace cairn::expr::detail
