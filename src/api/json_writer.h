// JsonWriter: renders a response straight into one output buffer, with commas handled
// by the writer so handlers read as the JSON they produce. Each token asks the buffer
// once for room for all its bytes (see OutputBuffer): a page of items is tens of
// thousands of tokens.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "api/output_buffer.h"

namespace cairn::api {

// Whether nothing in s needs escaping in a JSON string (the usual case).
bool is_json_plain(std::string_view s);
// Appends s to out as the contents of a JSON string (no quotes).
void append_json_escaped(OutputBuffer& out, std::string_view s);

class JsonWriter {
 public:
  explicit JsonWriter(OutputBuffer& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // The name of the next member of the current object.
  void key(std::string_view name) {
    if (!is_json_plain(name)) return escaped_key(name);
    plain_key(name);
  }
  // The same for a name known to need no escaping (a type descriptor such as "S"),
  // written as it is.
  void plain_key(std::string_view name) {
    char* p = separated(name.size() + 3);
    *p++ = '"';
    p = copy(p, name);
    *p++ = '"';
    *p++ = ':';
    out_.commit(p);
    need_comma_ = false;
  }
  void string(std::string_view s) {
    if (!is_json_plain(s)) return escaped_string(s);
    char* p = separated(s.size() + 2);
    *p++ = '"';
    p = copy(p, s);
    *p++ = '"';
    out_.commit(p);
    need_comma_ = true;
  }
  // already-valid JSON text (a number, or JSON rendered elsewhere)
  void raw_number(std::string_view digits) {
    out_.commit(copy(separated(digits.size()), digits));
    need_comma_ = true;
  }
  void integer(int64_t v);
  void decimal_seconds(int64_t millis);  // epoch seconds with fraction, e.g. 1700000000.123
  void boolean(bool b) { raw_number(b ? std::string_view("true") : std::string_view("false")); }
  void null() { raw_number("null"); }

  // key + value in one call, for the common case.
  void field(std::string_view name, std::string_view s) { key(name), string(s); }
  void field(std::string_view name, const char* s) { key(name), string(s); }
  void field(std::string_view name, int64_t v) { key(name), integer(v); }
  void field(std::string_view name, bool b) { key(name), boolean(b); }

 private:
  // Room for a comma (when one is due) and n more bytes; the comma is written.
  char* separated(size_t n) {
    char* p = out_.room(n + 1);
    if (need_comma_) *p++ = ',';
    return p;
  }
  static char* copy(char* p, std::string_view s) {
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    return p + s.size();
  }
  void open(char c) {
    char* p = separated(1);
    *p++ = c;
    out_.commit(p);
    need_comma_ = false;
  }
  void close(char c) {
    out_.push_back(c);
    need_comma_ = true;
  }
  void escaped_key(std::string_view name);
  void escaped_string(std::string_view s);

  OutputBuffer& out_;
  bool need_comma_ = false;
};

}  // namespace cairn::api
