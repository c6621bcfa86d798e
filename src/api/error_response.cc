#include "api/error_response.h"

#include "api/attribute_json.h"
#include "api/json_writer.h"

namespace cairn::api {

std::string bounded_message(std::string_view message) {
  if (message.size() <= kMaxErrorMessageBytes) return std::string(message);
  size_t cut = kMaxErrorMessageBytes - 3;  // room for "..."
  // Not inside a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
  return std::string(message.substr(0, cut)) + "...";
}

namespace {

// A message as it goes out: as it is (no copy) unless it must be cut.
void write_message(JsonWriter& w, std::string_view key, std::string_view message) {
  if (message.size() <= kMaxErrorMessageBytes) {
    w.field(key, message);
  } else {
    w.field(key, bounded_message(message));
  }
}

}  // namespace

int render_error(const ApiError& error, OutputBuffer& out) {
  out.clear();
  JsonWriter w(out);
  w.begin_object();
  w.field("__type", error.wire_type());
  // DynamoDB leaves the message out where it has none (unknown operation, bad JSON).
  if (!error.message().empty()) write_message(w, "message", error.message());
  if (const Item* item = error.item()) {
    w.key("Item");
    write_item(w, *item);
  }
  if (!error.cancellation_reasons().empty()) {
    w.key("CancellationReasons");
    w.begin_array();
    for (const auto& reason : error.cancellation_reasons()) {
      w.begin_object();
      if (reason.item) {
        w.key("Item");
        write_item(w, *reason.item);
      }
      w.field("Code", reason.code);
      if (!reason.message.empty()) write_message(w, "Message", reason.message);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  return error.http_status();
}

}  // namespace cairn::api
