// The NextToken of ListExports and ListImports: the last ARN of a page in hex, padded with
// zeros to a multiple of 16 digits and at least 112 (the shape DynamoDB's model gives
// ListImports' token: ([0-9a-f]{16})+, 112 to 1024), so that it is opaque yet needs no state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cairn::api {

std::string arn_page_token(std::string_view arn);
// The ARN a token names, or nullopt when it is not such a token.
std::optional<std::string> arn_of_page_token(std::string_view token);

}  // namespace cairn::api
