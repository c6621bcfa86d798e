// The lexer shared by every expression kind. Its token rules are DynamoDB's, which decide
// what is a syntax error: a bare name is a letter followed by letters, digits and '_'
// ("_a" and "1a" are not names); "#x" and ":x" are placeholders whose rest may start with
// a digit or '_'; keywords (AND, SET, ...) are names the parser recognises, case-blind.
// A character that starts no token becomes a one-character kInvalid token, so the parser
// reports it as DynamoDB does: Syntax error; token: "_", near: "SET _123".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::expr {

enum class TokenKind : uint8_t {
  kName,              // a1_b
  kNamePlaceholder,   // #a
  kValuePlaceholder,  // :a
  kNumber,            // 123 (only meaningful as a list index)
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kEq,  // =
  kNe,  // <>
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kInvalid,  // any other character (a whole UTF-8 sequence)
  kEof,
};

struct Token {
  TokenKind kind;
  std::string_view text;  // a view of the expression; "<EOF>" for kEof
  size_t offset;          // byte offset in the expression (its length for kEof)

  size_t end() const { return kind == TokenKind::kEof ? offset : offset + text.size(); }
  // Keyword test, case-insensitive as DynamoDB's keywords are ("sEt", "between").
  bool is_keyword(std::string_view upper_keyword) const;
};

// Splits an expression into tokens; the last one is always kEof. Never throws.
std::vector<Token> tokenize(std::string_view text);

}  // namespace cairn::expr
