// JsonWriter: renders a response straight into one output buffer, with commas handled
// by the writer so handlers read as the JSON they produce.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cairn::api {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // The name of the next member of the current object.
  void key(std::string_view name);
  // The same for a name known to need no escaping (a type descriptor such as "S"),
  // written as it is.
  void plain_key(std::string_view name) {
    separate();
    out_.push_back('"');
    out_.append(name.data(), name.size());
    out_.append("\":", 2);
    need_comma_ = false;
  }
  void string(std::string_view s);
  void raw_number(std::string_view digits);  // already-valid JSON number text
  void integer(int64_t v);
  void decimal_seconds(int64_t millis);  // epoch seconds with fraction, e.g. 1700000000.123
  void boolean(bool b);
  void null();

  // key + value in one call, for the common case.
  void field(std::string_view name, std::string_view s) { key(name), string(s); }
  void field(std::string_view name, const char* s) { key(name), string(s); }
  void field(std::string_view name, int64_t v) { key(name), integer(v); }
  void field(std::string_view name, bool b) { key(name), boolean(b); }

 private:
  // Inline: called for every key and value of a response.
  void separate() {
    if (need_comma_) out_.push_back(',');
    need_comma_ = true;
  }
  void open(char c) {
    separate();
    out_.push_back(c);
    need_comma_ = false;
  }
  void close(char c) {
    out_.push_back(c);
    need_comma_ = true;
  }

  std::string& out_;
  bool need_comma_ = false;
};

// Appends s to out as the contents of a JSON string (no quotes).
void append_json_escaped(std::string& out, std::string_view s);

}  // namespace cairn::api
