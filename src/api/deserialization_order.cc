#include "api/deserialization_order.h"

#include <string_view>

#include "api/attribute_json.h"

namespace cairn::api {
namespace {

using simdjson::dom::element_type;

// Reads attribute values as the handlers do, keeping only serialization errors: the
// semantic ones (an empty set, a bad number) come after validation, as they do now.
struct Reader {
  std::optional<ApiError> error;

  template <typename Read>
  void attempt(Read read) {
    if (error) return;
    try {
      read();
    } catch (const ApiError& e) {
      if (e.type() == ErrorType::kSerialization) error = e;
    }
  }

  void attribute_map(JsonElement e) {
    attempt([&] { parse_item(as_object(e)); });
  }

  void attribute_value(JsonElement e) {
    attempt([&] { parse_attribute_value(e, 0); });
  }

  // {attribute: {"Value": AV, "AttributeValueList": [AV, ...], ...}}: Expected,
  // AttributeUpdates, KeyConditions, QueryFilter, ScanFilter.
  void legacy_conditions(JsonElement e) {
    if (e.type() != element_type::OBJECT) return attempt([&] { as_object(e); });
    const JsonObject conditions = e.get_object().value();
    for (auto [attribute, condition] : conditions) {
      if (condition.type() != element_type::OBJECT) continue;
      const JsonObject members = condition.get_object().value();
      for (auto [member, value] : members) {
        if (member == "Value") attribute_value(value);
        if (member == "AttributeValueList" && value.type() == element_type::ARRAY) {
          const JsonArray values = value.get_array().value();
          for (JsonElement v : values) attribute_value(v);
        }
      }
    }
  }

  // The members of a request, or of one of its parts (a table's BatchGetItem entry, a
  // BatchWriteItem request, a transaction's action).
  void request(JsonObject object) {
    for (auto [member, value] : object) {
      if (value.is_null()) continue;  // a null member is an absent one, as the handlers read it
      if (member == "Key" || member == "Item" || member == "ExclusiveStartKey" ||
          member == "ExpressionAttributeValues") {
        attribute_map(value);
      } else if (member == "Keys" && value.type() == element_type::ARRAY) {
        const JsonArray keys = value.get_array().value();
        for (JsonElement key : keys) attribute_map(key);
      } else if (member == "Expected" || member == "AttributeUpdates" ||
                 member == "KeyConditions" || member == "QueryFilter" || member == "ScanFilter") {
        legacy_conditions(value);
      } else if (member == "RequestItems" && value.type() == element_type::OBJECT) {
        const JsonObject tables = value.get_object().value();
        for (auto [table, entry] : tables) parts(entry);
      } else if (member == "TransactItems") {
        parts(value);
      }
    }
  }

  // An object of parts, or a list of them: each part's members are read as a request's.
  void parts(JsonElement e) {
    if (e.type() == element_type::ARRAY) {
      const JsonArray list = e.get_array().value();
      for (JsonElement part : list) parts(part);
    } else if (e.type() == element_type::OBJECT) {
      const JsonObject object = e.get_object().value();
      request(object);
      for (auto [member, inner] : object) {
        if (inner.type() == element_type::OBJECT && member != "Key" && member != "Item" &&
            member != "ExclusiveStartKey" && member != "ExpressionAttributeValues" &&
            member != "ExpressionAttributeNames") {
          request(inner.get_object().value());
        }
      }
    }
  }
};

}  // namespace

bool found_after_deserialization(const ApiError& error) {
  return error.type() == ErrorType::kValidation || error.type() == ErrorType::kResourceNotFound;
}

std::optional<ApiError> serialization_error_in(JsonObject request) {
  Reader reader;
  reader.request(request);
  return reader.error;
}

}  // namespace cairn::api
