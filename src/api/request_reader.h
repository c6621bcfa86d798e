// RequestReader: typed access to the members of a request's JSON object. Wrong JSON types
// raise SerializationException (as DynamoDB's front end does); a JSON null reads as
// absent. Turning the result into typed requests is the handlers' job.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace cairn::api {

using JsonElement = simdjson::dom::element;
using JsonObject = simdjson::dom::object;
using JsonArray = simdjson::dom::array;

class RequestReader {
 public:
  explicit RequestReader(JsonObject object) : object_(object) {}

  bool has(std::string_view name) const;
  std::optional<std::string_view> string(std::string_view name) const;
  std::optional<int64_t> integer(std::string_view name) const;
  std::optional<bool> boolean(std::string_view name) const;
  std::optional<JsonObject> object(std::string_view name) const;
  std::optional<JsonArray> array(std::string_view name) const;
  // A Timestamp member (epoch seconds, possibly with a fraction), in ms.
  std::optional<int64_t> timestamp_ms(std::string_view name) const;
  // Any member, unconverted (e.g. an attribute value); nullopt when absent or null.
  std::optional<JsonElement> element(std::string_view name) const { return member(name); }
  JsonObject raw() const { return object_; }

 private:
  std::optional<JsonElement> member(std::string_view name) const;
  JsonObject object_;
};

// Conversions of one element, with the same errors, for elements of arrays and maps.
std::string_view as_string(JsonElement e);
int64_t as_integer(JsonElement e);
bool as_boolean(JsonElement e);
JsonObject as_object(JsonElement e);
JsonArray as_array(JsonElement e);

}  // namespace cairn::api
