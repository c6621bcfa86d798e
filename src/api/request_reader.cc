#include "api/request_reader.h"

#include <cmath>

#include "model/api_error.h"

namespace cairn::api {
namespace {

using simdjson::dom::element_type;

// DynamoDB's (Jackson-based) wording for a value of the wrong JSON type.
[[noreturn]] void wrong_type(JsonElement e, std::string_view expected) {
  switch (e.type()) {
    case element_type::OBJECT:
      throw ApiError::serialization("Start of structure or map found where not expected");
    case element_type::ARRAY:
      throw ApiError::serialization("Start of list found where not expected");
    case element_type::STRING:
      throw ApiError::serialization("STRING_VALUE cannot be converted to " + std::string(expected));
    case element_type::BOOL:
      throw ApiError::serialization(
          std::string(e.get_bool().value() ? "TRUE_VALUE" : "FALSE_VALUE") +
          " cannot be converted to " + std::string(expected));
    default:
      throw ApiError::serialization("NUMBER_VALUE cannot be converted to " + std::string(expected));
  }
}

}  // namespace

std::string_view as_string(JsonElement e) {
  if (e.type() != element_type::STRING) wrong_type(e, "String");
  return e.get_string().value();
}

int64_t as_integer(JsonElement e) {
  if (e.type() == element_type::INT64) return e.get_int64().value();
  if (e.type() == element_type::UINT64) {
    throw ApiError::serialization("NUMBER_VALUE cannot be converted to Long: out of range");
  }
  if (e.type() == element_type::DOUBLE) {
    double d = e.get_double().value();
    // JSON numbers with a fraction or exponent are accepted when they are integral.
    if (d == static_cast<double>(static_cast<int64_t>(d))) return static_cast<int64_t>(d);
    throw ApiError::serialization("NUMBER_VALUE cannot be converted to Long");
  }
  wrong_type(e, "Long");
}

bool as_boolean(JsonElement e) {
  if (e.type() != element_type::BOOL) wrong_type(e, "Boolean");
  return e.get_bool().value();
}

JsonObject as_object(JsonElement e) {
  if (e.type() == element_type::OBJECT) return e.get_object().value();
  if (e.type() == element_type::ARRAY) {
    throw ApiError::serialization("Start of list found where not expected");
  }
  throw ApiError::serialization("Unexpected value type in payload");
}

JsonArray as_array(JsonElement e) {
  if (e.type() == element_type::ARRAY) return e.get_array().value();
  if (e.type() == element_type::OBJECT) {
    throw ApiError::serialization("Start of structure or map found where not expected");
  }
  throw ApiError::serialization("Unexpected value type in payload");
}

std::optional<JsonElement> RequestReader::member(std::string_view name) const {
  JsonElement e;
  if (object_.at_key(name).get(e) != simdjson::SUCCESS) return std::nullopt;
  if (e.is_null()) return std::nullopt;
  return e;
}

bool RequestReader::has(std::string_view name) const {
  return member(name).has_value();
}

std::optional<std::string_view> RequestReader::string(std::string_view name) const {
  auto e = member(name);
  if (!e) return std::nullopt;
  return as_string(*e);
}

std::optional<int64_t> RequestReader::integer(std::string_view name) const {
  auto e = member(name);
  if (!e) return std::nullopt;
  return as_integer(*e);
}

std::optional<int64_t> RequestReader::timestamp_ms(std::string_view name) const {
  auto e = member(name);
  if (!e) return std::nullopt;
  double seconds = 0;
  if (e->get_double().get(seconds)) {
    throw ApiError::serialization("NUMBER_VALUE cannot be converted to Timestamp");
  }
  return static_cast<int64_t>(std::llround(seconds * 1000));
}

std::optional<bool> RequestReader::boolean(std::string_view name) const {
  auto e = member(name);
  if (!e) return std::nullopt;
  return as_boolean(*e);
}

std::optional<JsonObject> RequestReader::object(std::string_view name) const {
  auto e = member(name);
  if (!e) return std::nullopt;
  return as_object(*e);
}

std::optional<JsonArray> RequestReader::array(std::string_view name) const {
  auto e = member(name);
  if (!e) return std::nullopt;
  return as_array(*e);
}

}  // namespace cairn::api
