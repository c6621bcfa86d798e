#include "api/json_writer.h"

namespace cairn::api {

void append_json_escaped(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  size_t run = 0;  // start of the current run of characters that need no escaping
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
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
