#include "expr/parser_base.h"

#include <limits>

#include "expr/reserved_words.h"
#include "model/api_error.h"

namespace cairn::expr::detail {
namespace {

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

}  // namespace

void ErrorCollector::note(ErrorClass c, std::string message) {
  auto& slot = messages_[static_cast<size_t>(c)];
  if (!slot) slot = std::move(message);
}

void ErrorCollector::raise(std::string_view expression, std::span<const ErrorClass> order) const {
  for (ErrorClass c : order) {
    const auto& slot = messages_[static_cast<size_t>(c)];
    if (slot) throw ApiError::validation("Invalid " + std::string(expression) + ": " + *slot);
  }
}

ParserBase::ParserBase(std::string_view text, ExpressionKind kind, ExpressionContext& ctx)
    : text_(text), kind_(kind), ctx_(ctx) {
  if (text.empty()) throw ApiError::validation(prefix() + "The expression can not be empty;");
  // Checked before tokenizing so a hostile multi-megabyte expression costs nothing.
  if (text.size() > kMaxExpressionSize) {
    throw ApiError::validation(
        prefix() + "Expression size has exceeded the maximum allowed size; expression size: " +
        std::to_string(text.size()));
  }
  tokens_ = tokenize(text);
  closing_.assign(tokens_.size(), std::string::npos);
  std::vector<size_t> open;
  for (size_t i = 0; i < tokens_.size(); ++i) {
    if (tokens_[i].kind == TokenKind::kLParen) {
      open.push_back(i);
    } else if (tokens_[i].kind == TokenKind::kRParen && !open.empty()) {
      closing_[open.back()] = i;
      open.pop_back();
    }
  }
}

size_t ParserBase::after_closing_paren() const {
  const size_t close = closing_[pos_];
  return close == std::string::npos ? close : close + 1;
}

std::string ParserBase::prefix() const {
  return "Invalid " + std::string(expression_name(kind_)) + ": ";
}

const Token& ParserBase::peek(size_t ahead) const {
  const size_t i = pos_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

const Token& ParserBase::advance() {
  const Token& t = tokens_[pos_];
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return t;
}

void ParserBase::expect(TokenKind k) {
  if (!at(k)) syntax_error();
  advance();
}

// DynamoDB quotes the offending token and the source text around it: from the start of the
// token before it to the end of the token after it ("SET _123" for the "_" of
// "SET _123 = :v"; "= " for the missing value at the end of "SET a = ").
void ParserBase::syntax_error() const {
  const Token& bad = tokens_[pos_];
  const size_t start = pos_ > 0 ? tokens_[pos_ - 1].offset : bad.offset;
  const size_t end = pos_ + 1 < tokens_.size() ? tokens_[pos_ + 1].end() : bad.end();
  throw ApiError::validation(prefix() + "Syntax error; token: \"" + std::string(bad.text) +
                             "\", near: \"" + std::string(text_.substr(start, end - start)) + "\"");
}

bool ParserBase::is_grammar_keyword(const Token& t) const {
  if (t.kind != TokenKind::kName) return false;
  switch (kind_) {
    case ExpressionKind::kUpdate:
      return t.is_keyword("SET") || t.is_keyword("REMOVE") || t.is_keyword("ADD") ||
             t.is_keyword("DELETE");
    case ExpressionKind::kProjection:
      return false;
    default:
      return t.is_keyword("AND") || t.is_keyword("OR") || t.is_keyword("NOT") ||
             t.is_keyword("BETWEEN") || t.is_keyword("IN");
  }
}

bool ParserBase::at_function_call() const {
  return peek().kind == TokenKind::kName && !is_grammar_keyword(peek()) &&
         peek(1).kind == TokenKind::kLParen;
}

PathElement ParserBase::parse_path_element() {
  const Token& t = peek();
  if (t.kind == TokenKind::kName && !is_grammar_keyword(t)) {
    advance();
    if (is_reserved_word(t.text)) {
      errors_.note(
          ErrorClass::kReserved,
          "Attribute name is a reserved keyword; reserved keyword: " + std::string(t.text));
    }
    return PathElement::field(std::string(t.text));
  }
  if (t.kind == TokenKind::kNamePlaceholder) {
    advance();
    if (const std::string* name = ctx_.name(t.text)) return PathElement::field(*name);
    errors_.note(ErrorClass::kUndefinedName,
                 "An expression attribute name used in the document path is not defined; "
                 "attribute name: " +
                     std::string(t.text));
    return PathElement::field(std::string(t.text));
  }
  syntax_error();
}

Path ParserBase::parse_path() {
  Path path;
  path.elements.push_back(parse_path_element());
  while (true) {
    if (at(TokenKind::kDot)) {
      advance();
      path.elements.push_back(parse_path_element());
    } else if (at(TokenKind::kLBracket)) {
      advance();
      if (!at(TokenKind::kNumber)) syntax_error();
      const Token& n = advance();
      // DynamoDB's indexes are 32-bit integers; a longer digit string is not an index.
      uint64_t index = 0;
      bool in_range = n.text.size() <= 10;
      for (char c : n.text) index = index * 10 + static_cast<uint64_t>(c - '0');
      in_range = in_range && index <= static_cast<uint64_t>(std::numeric_limits<int32_t>::max());
      if (!in_range) {
        throw ApiError::validation(prefix() +
                                   "List index is not within the allowable range; index: [" +
                                   std::string(n.text) + "]");
      }
      expect(TokenKind::kRBracket);
      path.elements.push_back(PathElement::list_index(static_cast<uint32_t>(index)));
    } else {
      break;
    }
  }
  if (path.depth() > kMaxPathDepth) {
    errors_.note(ErrorClass::kPathDepth,
                 "The document path has too many nesting levels; nesting levels: " +
                     std::to_string(path.depth()));
  }
  return path;
}

Operand ParserBase::parse_value(ErrorClass undefined_class) {
  const Token& t = advance();
  const AttributeValue* v = ctx_.value(t.text);
  if (v == nullptr) {
    errors_.note(undefined_class,
                 "An expression attribute value used in expression is not defined; attribute "
                 "value: " +
                     std::string(t.text));
  }
  return Operand::of_value(v, std::string(t.text));
}

void ParserBase::check_disjoint(const std::vector<Path>& paths) {
  for (size_t j = 1; j < paths.size(); ++j) {
    for (size_t i = 0; i < j; ++i) {
      const PathRelation r = relate(paths[i], paths[j]);
      if (r == PathRelation::kDisjoint) continue;
      const bool overlap = r == PathRelation::kOverlap;
      errors_.note(overlap ? ErrorClass::kOverlap : ErrorClass::kConflict,
                   std::string("Two document paths ") + (overlap ? "overlap" : "conflict") +
                       " with each other; must remove or rewrite one of these paths; path one: " +
                       paths[i].to_string() + ", path two: " + paths[j].to_string());
    }
  }
}

void ParserBase::raise_errors(std::span<const ErrorClass> order) const {
  if (operators_ > kMaxOperators) {
    throw ApiError::validation(prefix() +
                               "The expression contains too many operators; operator count: " +
                               std::to_string(operators_));
  }
  errors_.raise(expression_name(kind_), order);
}

// Input nested past kMaxNesting is always refused by DynamoDB; this finds the reason it
// gives without recursing further: a chain of calls is refused for its function, a pile of
// parentheses for being redundant or unbalanced, anything else for its operator count.
void ParserBase::too_deep() {
  const Token& t = peek();
  if (t.kind == TokenKind::kName && peek(1).kind == TokenKind::kLParen) {
    const std::string name(t.text);
    const bool condition = kind_ != ExpressionKind::kUpdate;
    std::string message;
    if (name == "size" && condition) {
      message = incorrect_operand_type("size", "N");  // size(size(x)) is always refused
    } else if (name == "attribute_exists" || name == "attribute_not_exists" ||
               name == "attribute_type" || name == "begins_with" || name == "contains" ||
               name == "size" || name == "list_append" || (condition && name == "if_not_exists")) {
      message = misused_function(name);
    } else if (name == "if_not_exists") {
      message = requires_path(name);
    } else {
      message = "Invalid function name; function: " + name;
    }
    throw ApiError::validation(prefix() + message);
  }
  size_t operators = 0;
  for (size_t i = 0; i < tokens_.size(); ++i) {
    const Token& k = tokens_[i];
    if (k.kind == TokenKind::kLParen && i + 1 < tokens_.size() &&
        tokens_[i + 1].kind == TokenKind::kLParen && closing_[i] != std::string::npos &&
        closing_[i + 1] != std::string::npos && closing_[i + 1] + 1 == closing_[i]) {
      throw ApiError::validation(prefix() + "The expression has redundant parentheses;");
    }
    if (k.kind == TokenKind::kLParen && closing_[i] == std::string::npos) {
      pos_ = tokens_.size() - 1;  // an unclosed '(' fails at the end of the input
      syntax_error();
    }
    switch (k.kind) {
      case TokenKind::kEq:
      case TokenKind::kNe:
      case TokenKind::kLt:
      case TokenKind::kLe:
      case TokenKind::kGt:
      case TokenKind::kGe:
      case TokenKind::kPlus:
      case TokenKind::kMinus:
        ++operators;
        break;
      default:
        if (k.is_keyword("AND") || k.is_keyword("OR") || k.is_keyword("NOT") ||
            k.is_keyword("BETWEEN") || k.is_keyword("IN")) {
          ++operators;
        }
        break;
    }
  }
  throw ApiError::validation(
      prefix() +
      "The expression contains too many operators; operator count: " + std::to_string(operators));
}

std::string describe_value(const AttributeValue& v) {
  std::string body;
  switch (v.type) {
    case AttrType::S:
    case AttrType::N:
      body = v.scalar;
      break;
    case AttrType::B:
      body = base64(v.scalar);
      break;
    default:
      body = "...";  // BETWEEN bounds of other types are refused before this is needed
      break;
  }
  return "{" + std::string(type_name(v.type)) + ":" + body + "}";
}

std::string_view long_type_name(AttrType type) {
  switch (type) {
    case AttrType::S:
      return "STRING";
    case AttrType::N:
      return "NUMBER";
    case AttrType::B:
      return "BINARY";
    case AttrType::BOOL:
      return "BOOLEAN";
    case AttrType::NUL:
      return "NULL";
    case AttrType::M:
      return "MAP";
    case AttrType::L:
      return "LIST";
    default:
      return type_name(type);  // sets are spelled SS, NS, BS
  }
}

std::string incorrect_operand_type(std::string_view op, std::string_view type) {
  return "Incorrect operand type for operator or function; operator or function: " +
         std::string(op) + ", operand type: " + std::string(type);
}

std::string incorrect_operand_count(std::string_view op, size_t count) {
  return "Incorrect number of operands for operator or function; operator or function: " +
         std::string(op) + ", number of operands: " + std::to_string(count);
}

std::string misused_function(std::string_view name) {
  return "The function is not allowed to be used this way in an expression; function: " +
         std::string(name);
}

std::string requires_path(std::string_view name) {
  return "Operator or function requires a document path; operator or function: " +
         std::string(name);
}

}  // namespace cairn::expr::detail
