// Base64 as DynamoDB uses it for B and BS values (standard alphabet, padded).
#pragma once

#include <string>
#include <string_view>

namespace cairn::api {

void base64_encode(std::string_view bytes, std::string& out);
// Returns false for input that is not valid padded base64.
bool base64_decode(std::string_view text, std::string& out);

}  // namespace cairn::api
