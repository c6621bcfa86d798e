// DynamoDB's rules for attribute names, wherever a name appears (Item, Key, AttributesToGet,
// AttributeUpdates, Expected, ExpressionAttributeNames): not empty, at most 64 KB.
#pragma once

#include <cstddef>
#include <string_view>

namespace cairn {

constexpr size_t kMaxAttributeNameBytes = 65535;

// Throws ValidationException when name breaks a rule.
void check_attribute_name(std::string_view name);

}  // namespace cairn
