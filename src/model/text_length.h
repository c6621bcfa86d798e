// The length of a string as DynamoDB measures it. DynamoDB is written in Java and counts a
// string's characters in UTF-16 code units: one per character, two for a character above
// U+FFFF. Constraints on names and the size() function both count this way (decision 0024).
#pragma once

#include <cstddef>
#include <string_view>

namespace cairn {

// The UTF-16 length of valid UTF-8 text.
size_t utf16_length(std::string_view utf8);

}  // namespace cairn
