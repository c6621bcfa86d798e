#include "api/json_writer.h"

#include <cstring>

namespace cairn::api {

namespace {

// True for bytes that JSON requires escaped: control characters, '"' and '\\'.
constexpr bool needs_escape(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\';
}

// Bytes 0x00-0x1f, 0x22 and 0x5c, eight at a time: a word with none of them is copied
// without looking at each byte (strings are usually plain text).
inline bool word_is_plain(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  const uint64_t control = (w - kOnes * 0x20) & ~w & kHighs;  // some byte < 0x20
  return !(control | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\')));
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  size_t run = 0;  // start of the current run of characters that need no escaping
  size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (word_is_plain(w)) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (!needs_escape(c)) {
      ++i;
      continue;
    }
    out.append(s, run, i - run);
    run = ++i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xf]);
    }
  }
  out.append(s, run, s.size() - run);
}

void JsonWriter::separate() {
  if (need_comma_) out_.push_back(',');
  need_comma_ = true;
}

void JsonWriter::open(char c) {
  separate();
  out_.push_back(c);
  need_comma_ = false;
}

void JsonWriter::close(char c) {
  out_.push_back(c);
  need_comma_ = true;
}

void JsonWriter::key(std::string_view name) {
  separate();
  out_.push_back('"');
  append_json_escaped(out_, name);
  out_ += "\":";
  need_comma_ = false;
}

void JsonWriter::string(std::string_view s) {
  separate();
  out_.push_back('"');
  append_json_escaped(out_, s);
  out_.push_back('"');
}

void JsonWriter::raw_number(std::string_view digits) {
  separate();
  out_.append(digits);
}

void JsonWriter::integer(int64_t v) {
  separate();
  out_ += std::to_string(v);
}

void JsonWriter::decimal_seconds(int64_t millis) {
  separate();
  out_ += std::to_string(millis / 1000);
  out_.push_back('.');
  std::string frac = std::to_string(millis % 1000);
  out_.append(3 - frac.size(), '0');
  out_ += frac;
}

void JsonWriter::boolean(bool b) {
  separate();
  out_ += b ? "true" : "false";
}

void JsonWriter::null() {
  separate();
  out_ += "null";
}

}  // namespace cairn::api
