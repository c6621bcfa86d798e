// Amazon Ion text, as DynamoDB's ION exports write items and its ION imports read them: one
// item per line, "$ion_1_0 {Item:{...}}", with DynamoDB's type mapping (S a string, N a
// decimal such as 103. or 6d2, B a blob {{base64}}, BOOL a bool, NULL null, L a list, M a
// struct, SS/NS/BS a list annotated $dynamodb_SS, $dynamodb_NS or $dynamodb_BS).
//
// A line is read by turning it into the DynamoDB JSON line it stands for, which the one
// parser of attribute values then checks (numbers, sets, binaries: api/attribute_json.h),
// so that an item imported from Ion obeys exactly the rules of one imported from JSON.
#pragma once

#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace cairn::api {

// Ion's identifiers (symbols written without quotes): [A-Za-z_$][A-Za-z0-9_$]*.
inline bool is_ion_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}
inline bool is_ion_identifier_char(char c) {
  return is_ion_identifier_start(c) || (c >= '0' && c <= '9');
}

// The DynamoDB JSON line ({"Item": {...}}) of an Ion line. Throws ApiError (validation)
// when the line is not Ion text Cairn reads: what is refused is named.
std::string ion_line_as_dynamodb_json(std::string_view line);

// Appends the Ion struct of an item given in its stored form (model/item_codec.h), or
// decoded.
void append_ion_item(std::string_view stored, std::string& out);
void append_ion_item(const Item& item, std::string& out);

}  // namespace cairn::api
