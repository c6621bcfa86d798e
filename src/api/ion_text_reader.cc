// Reading Ion text lines (api/ion_text.h).
#include "api/ion_text.h"

#include <cstdint>

#include "api/attribute_json.h"
#include "api/json_writer.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

ApiError refused(std::string what) {
  return ApiError::validation("The line is not an Ion item Cairn reads: " + std::move(what));
}

void append_utf8(uint32_t code, std::string& out) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
  }
}

// Reads one Ion line and writes the DynamoDB JSON it stands for.
class IonReader {
 public:
  IonReader(std::string_view text, JsonWriter& w) : s_(text), w_(w) {}

  void read_line() {
    skip_space();
    if (s_.substr(i_, 8) == "$ion_1_0" &&
        (i_ + 8 == s_.size() || !is_ion_identifier_char(s_[i_ + 8]))) {
      i_ += 8;
      skip_space();
    }
    if (peek() != '{') throw refused("an item is a struct {Item:{...}}");
    ++i_;
    bool found = false;
    w_.begin_object();
    for (skip_space(); peek() != '}'; skip_space()) {
      const std::string name = field_name();
      expect(':');
      skip_space();
      if (name == "Item" && !found) {
        found = true;
        w_.key("Item");
        if (peek() != '{') throw refused("Item is a struct of the item's attributes");
        ++i_;
        attributes(1);
      } else {
        skip_value(1);
      }
      if (!comma_or('}')) break;
    }
    expect('}');
    w_.end_object();
    skip_space();
    if (i_ < s_.size() && s_[i_] == ';') ++i_;
    skip_space();
    if (i_ != s_.size()) throw refused("one item per line");
    if (!found) throw refused("the struct has no Item field");
  }

 private:
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void expect(char c) {
    skip_space();
    if (peek() != c) throw refused(std::string("expected '") + c + "'");
    ++i_;
  }
  // After a member: a comma (true: more may follow) or the closing character (false).
  bool comma_or(char close) {
    skip_space();
    if (peek() == ',') {
      ++i_;
      return true;
    }
    if (peek() != close) throw refused(std::string("expected ',' or '") + close + "'");
    return false;
  }
  void skip_space() {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
        ++i_;
      } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '/') {
        i_ = s_.size();
      } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '*') {
        const size_t end = s_.find("*/", i_ + 2);
        if (end == std::string_view::npos) throw refused("a comment is not closed");
        i_ = end + 2;
      } else {
        return;
      }
    }
  }
  static void check_depth(int depth) {
    if (depth > kMaxNestingDepth) throw refused("values nest too deep");
  }

  std::string identifier() {
    const size_t start = i_;
    while (i_ < s_.size() && is_ion_identifier_char(s_[i_])) ++i_;
    return std::string(s_.substr(start, i_ - start));
  }
  // The text of a quoted string or symbol (opened by quote), escapes resolved.
  std::string quoted(char quote) {
    ++i_;
    std::string out;
    while (true) {
      if (i_ >= s_.size()) throw refused("a quoted text is not closed");
      const char c = s_[i_++];
      if (c == quote) return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      escape(out);
    }
  }
  void escape(std::string& out) {
    if (i_ >= s_.size()) throw refused("a text ends in a backslash");
    const char e = s_[i_++];
    switch (e) {
      case 'a':
        out.push_back('\a');
        return;
      case 'b':
        out.push_back('\b');
        return;
      case 't':
        out.push_back('\t');
        return;
      case 'n':
        out.push_back('\n');
        return;
      case 'f':
        out.push_back('\f');
        return;
      case 'r':
        out.push_back('\r');
        return;
      case 'v':
        out.push_back('\v');
        return;
      case '0':
        out.push_back('\0');
        return;
      case '?':
      case '/':
      case '\'':
      case '"':
      case '\\':
        out.push_back(e);
        return;
      case '\n':
        return;  // a line continuation
      case 'x':
        return append_utf8(hex(2), out);
      case 'u':
        return append_utf8(hex(4), out);
      case 'U':
        return append_utf8(hex(8), out);
      default:
        throw refused(std::string("unknown escape \\") + e);
    }
  }
  uint32_t hex(int digits) {
    uint32_t v = 0;
    for (int k = 0; k < digits; ++k) {
      const char c = peek();
      ++i_;
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        throw refused("a bad hexadecimal escape");
      }
    }
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw refused("an escape is no character");
    return v;
  }
  bool at_long_string() const { return s_.substr(i_, 3) == "'''"; }
  // One or more adjacent '''long strings''', joined.
  std::string long_strings() {
    std::string out;
    while (at_long_string()) {
      i_ += 3;
      while (true) {
        if (i_ >= s_.size()) throw refused("a long string is not closed");
        if (at_long_string()) {
          i_ += 3;
          break;
        }
        const char c = s_[i_++];
        if (c == '\\') {
          escape(out);
        } else {
          out.push_back(c);
        }
      }
      skip_space();
    }
    return out;
  }
  std::string string_value() {
    if (peek() == '"') return quoted('"');
    return long_strings();
  }
  std::string field_name() {
    skip_space();
    const char c = peek();
    if (c == '"') return quoted('"');
    if (at_long_string()) return long_strings();
    if (c == '\'') return quoted('\'');
    if (is_ion_identifier_start(c)) return identifier();
    throw refused("expected a field name");
  }
  // An annotation (name::) before a value, if there is one.
  std::string annotation() {
    const size_t start = i_;
    std::string name;
    if (peek() == '\'' && !at_long_string()) {
      name = quoted('\'');
    } else if (is_ion_identifier_start(peek())) {
      name = identifier();
    } else {
      return {};
    }
    skip_space();
    if (s_.substr(i_, 2) == "::") {
      i_ += 2;
      skip_space();
      return name;
    }
    i_ = start;
    return {};
  }

  // A number's token: Ion int, decimal (d exponent) or float (e exponent), as DynamoDB
  // number text; refused when it is no number (a timestamp, nan, inf, hex or binary).
  std::string number_text() {
    const size_t start = i_;
    while (i_ < s_.size() && (is_ion_identifier_char(s_[i_]) || s_[i_] == '.' || s_[i_] == '+' ||
                              s_[i_] == '-' || s_[i_] == ':')) {
      ++i_;
    }
    std::string text;
    for (char c : s_.substr(start, i_ - start)) {
      if (c == '_') continue;  // Ion allows underscores between digits
      text.push_back(c == 'd' || c == 'D' ? 'e' : c);
    }
    size_t k = text[0] == '-' ? 1 : 0;
    const size_t digits_from = k;
    while (k < text.size() && text[k] >= '0' && text[k] <= '9') ++k;
    if (k == digits_from) throw refused("'" + text + "' is not a number");
    if (k < text.size() && text[k] == '.') {
      ++k;
      while (k < text.size() && text[k] >= '0' && text[k] <= '9') ++k;
    }
    if (k < text.size() && (text[k] == 'e' || text[k] == 'E')) {
      ++k;
      if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
      const size_t exponent_from = k;
      while (k < text.size() && text[k] >= '0' && text[k] <= '9') ++k;
      if (k == exponent_from) throw refused("'" + text + "' is not a number");
    }
    if (k != text.size()) throw refused("'" + text + "' is not a number Cairn reads");
    return text;
  }
  // {{ base64 }}, as its base64 text without spaces.
  std::string blob() {
    i_ += 2;
    std::string b64;
    while (true) {
      skip_space();
      if (s_.substr(i_, 2) == "}}") {
        i_ += 2;
        return b64;
      }
      const char c = peek();
      if (c == '"' || c == '\'') throw refused("a clob is not a DynamoDB value");
      if (c == '\0' && i_ >= s_.size()) throw refused("a blob is not closed");
      if (!is_ion_identifier_char(c) && c != '+' && c != '/' && c != '=') {
        throw refused("a blob holds what is not base64");
      }
      b64.push_back(c);
      ++i_;
    }
  }

  void attributes(int depth) {
    check_depth(depth);
    w_.begin_object();
    for (skip_space(); peek() != '}'; skip_space()) {
      const std::string name = field_name();
      expect(':');
      skip_space();
      w_.key(name);
      attribute(depth + 1);
      if (!comma_or('}')) break;
    }
    expect('}');
    w_.end_object();
  }

  // One value, as a DynamoDB attribute value ({"S": ...}, {"N": ...}, ...).
  void attribute(int depth) {
    check_depth(depth);
    const std::string note = annotation();
    if (!note.empty() && note != "$dynamodb_SS" && note != "$dynamodb_NS" &&
        note != "$dynamodb_BS") {
      throw refused("the annotation " + note + " is not DynamoDB's");
    }
    w_.begin_object();
    const char c = peek();
    if (!note.empty()) {
      if (c != '[') throw refused(note + " annotates a list");
      set(note);
    } else if (c == '"' || at_long_string()) {
      w_.field("S", string_value());
    } else if (s_.substr(i_, 2) == "{{") {
      w_.field("B", blob());
    } else if (c == '{') {
      ++i_;
      w_.key("M");
      attributes(depth + 1);
    } else if (c == '[') {
      ++i_;
      w_.key("L");
      w_.begin_array();
      for (skip_space(); peek() != ']'; skip_space()) {
        attribute(depth + 1);
        if (!comma_or(']')) break;
      }
      expect(']');
      w_.end_array();
    } else if ((c >= '0' && c <= '9') || c == '-') {
      w_.field("N", number_text());
    } else if (is_ion_identifier_start(c)) {
      const std::string word = identifier();
      if (word == "true" || word == "false") {
        w_.field("BOOL", word == "true");
      } else if (word == "null") {
        if (peek() == '.') {  // a typed null (null.string, ...) is null too
          ++i_;
          identifier();
        }
        w_.field("NULL", true);
      } else {
        throw refused("the symbol " + word + " is not a DynamoDB value");
      }
    } else {
      throw refused(std::string("unexpected '") + c + "'");
    }
    w_.end_object();
  }

  // A list annotated as a set: its members as the set's JSON members.
  void set(const std::string& note) {
    const char type = note[note.size() - 2];  // $dynamodb_SS, _NS or _BS
    ++i_;
    w_.key(std::string(1, type) + "S");
    w_.begin_array();
    for (skip_space(); peek() != ']'; skip_space()) {
      if (type == 'S') {
        if (peek() != '"' && !at_long_string()) throw refused("a string set holds a non-string");
        w_.string(string_value());
      } else if (type == 'N') {
        if (!((peek() >= '0' && peek() <= '9') || peek() == '-')) {
          throw refused("a number set holds a non-number");
        }
        w_.string(number_text());
      } else {
        if (s_.substr(i_, 2) != "{{") throw refused("a binary set holds a non-blob");
        w_.string(blob());
      }
      if (!comma_or(']')) break;
    }
    expect(']');
    w_.end_array();
  }

  // A value that is not the item (another field of the line's struct): read, then dropped.
  void skip_value(int depth) {
    OutputBuffer ignored;
    JsonWriter sink(ignored);
    IonReader inner(s_, sink);
    inner.i_ = i_;
    inner.attribute(depth);
    i_ = inner.i_;
  }

  std::string_view s_;
  size_t i_ = 0;
  JsonWriter& w_;
};

}  // namespace

std::string ion_line_as_dynamodb_json(std::string_view line) {
  OutputBuffer buffer;
  JsonWriter w(buffer);
  IonReader(line, w).read_line();
  return std::string(buffer.view());
}

}  // namespace cairn::api
