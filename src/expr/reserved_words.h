// DynamoDB's reserved words: an attribute name spelled directly in an expression may not be
// one of them (case-insensitively); it must be written through an ExpressionAttributeNames
// placeholder instead.
#pragma once

#include <cstddef>
#include <string_view>

namespace cairn::expr {

bool is_reserved_word(std::string_view word);
// How many words the list holds (for tests).
size_t reserved_word_count();

}  // namespace cairn::expr
