#include "model/attribute_name.h"

#include <string>

#include "model/api_error.h"

namespace cairn {

void check_attribute_name(std::string_view name) {
  if (name.empty()) {
    throw ApiError::validation("One or more parameter values were invalid: Empty attribute name");
  }
  if (name.size() > kMaxAttributeNameBytes) {
    throw ApiError::validation(
        "One or more parameter values were invalid: Attribute name exceeds the maximum length of "
        "65535 bytes: " +
        std::to_string(name.size()));
  }
}

}  // namespace cairn
