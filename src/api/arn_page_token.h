// The NextToken of ListExports and ListImports: the last ARN of a page in hex, padded with
// zeros to a multiple of 16 digits and at least 112 (the shape DynamoDB's model gives
// ListImports' token: ([0-9a-f]{16})+, 112 to 1024), so that it is opaque yet needs no state.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::api {

std::string arn_page_token(std::string_view arn);
// The ARN a token names, or nullopt when it is not such a token.
std::optional<std::string> arn_of_page_token(std::string_view token);

struct Page {
  size_t begin = 0, end = 0;  // [begin, end) of the list
  std::optional<std::string> next_token;
};
// The page of a list of ARNs (in listing order) that follows token's ARN (the first page
// without one), at most limit long. Throws ValidationException ("Invalid Request: Provided
// nextToken is invalid: ...") for a token that names no ARN of the list.
Page page_of(const std::vector<std::string>& arns, std::optional<std::string_view> token,
             size_t limit);

}  // namespace cairn::api
