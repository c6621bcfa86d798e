#include "expr/lexer.h"

namespace cairn::expr {
namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_name_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '_';
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Length of the UTF-8 sequence starting at s[i], so an invalid non-ASCII character is
// reported whole ("ü", not half of it). Malformed bytes count as one.
size_t utf8_length(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = 1;
  if (c >= 0xF0) {
    n = 4;
  } else if (c >= 0xE0) {
    n = 3;
  } else if (c >= 0xC0) {
    n = 2;
  }
  if (i + n > s.size()) return 1;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  }
  return n;
}

}  // namespace

bool Token::is_keyword(std::string_view upper_keyword) const {
  if (kind != TokenKind::kName || text.size() != upper_keyword.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper_keyword[i]) return false;
  }
  return true;
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> tokens;
  size_t i = 0;
  auto push = [&](TokenKind kind, size_t len) {
    tokens.push_back({kind, s.substr(i, len), i});
    i += len;
  };
  while (i < s.size()) {
    const char c = s[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (is_alpha(c)) {
      size_t j = i + 1;
      while (j < s.size() && is_name_char(s[j])) ++j;
      push(TokenKind::kName, j - i);
      continue;
    }
    if (is_digit(c)) {
      size_t j = i + 1;
      while (j < s.size() && is_digit(s[j])) ++j;
      push(TokenKind::kNumber, j - i);
      continue;
    }
    if (c == '#' || c == ':') {
      size_t j = i + 1;
      while (j < s.size() && is_name_char(s[j])) ++j;
      if (j == i + 1) {
        push(TokenKind::kInvalid, 1);  // a lone sigil is not a token
      } else {
        push(c == '#' ? TokenKind::kNamePlaceholder : TokenKind::kValuePlaceholder, j - i);
      }
      continue;
    }
    const char next = i + 1 < s.size() ? s[i + 1] : '\0';
    switch (c) {
      case '(':
        push(TokenKind::kLParen, 1);
        break;
      case ')':
        push(TokenKind::kRParen, 1);
        break;
      case '[':
        push(TokenKind::kLBracket, 1);
        break;
      case ']':
        push(TokenKind::kRBracket, 1);
        break;
      case ',':
        push(TokenKind::kComma, 1);
        break;
      case '.':
        push(TokenKind::kDot, 1);
        break;
      case '=':
        push(TokenKind::kEq, 1);
        break;
      case '+':
        push(TokenKind::kPlus, 1);
        break;
      case '-':
        push(TokenKind::kMinus, 1);
        break;
      case '<':
        if (next == '>') {
          push(TokenKind::kNe, 2);
        } else if (next == '=') {
          push(TokenKind::kLe, 2);
        } else {
          push(TokenKind::kLt, 1);
        }
        break;
      case '>':
        if (next == '=') {
          push(TokenKind::kGe, 2);
        } else {
          push(TokenKind::kGt, 1);
        }
        break;
      default:
        push(TokenKind::kInvalid, utf8_length(s, i));
        break;
    }
  }
  tokens.push_back({TokenKind::kEof, "<EOF>", s.size()});
  return tokens;
}

}  // namespace cairn::expr
