// DynamoDB's JSON form of attribute values ({"S": "x"}, {"N": "1"}, {"M": {...}}, ...),
// parsed with every check DynamoDB applies to a value, and rendered back.
#pragma once

#include "api/json_writer.h"
#include "api/request_reader.h"
#include "model/attribute_value.h"

namespace cairn::api {

constexpr int kMaxNestingDepth = 32;

AttributeValue parse_attribute_value(JsonElement e, int depth = 0);
// An object of attribute name -> value (an Item, a Key, ExpressionAttributeValues).
Item parse_item(JsonObject object);

void write_attribute_value(JsonWriter& w, const AttributeValue& v);
void write_item(JsonWriter& w, const Item& item);
// Writes an item in its stored form (model/item_codec.h) exactly as write_item writes it
// decoded, without decoding it.
void write_stored_item(JsonWriter& w, std::string_view stored);

}  // namespace cairn::api
