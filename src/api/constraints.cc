#include "api/constraints.h"

#include <algorithm>

#include "model/api_error.h"
#include "model/text_length.h"

namespace cairn::api {

bool is_table_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

void Constraints::not_null(std::string_view field) {
  errors_.push_back("Value null at '" + std::string(field) +
                    "' failed to satisfy constraint: Member must not be null");
}

// An echoed value is cut past this many bytes (at a character boundary), so that the
// message still names the member and the constraint within the 4 KB an error carries.
constexpr size_t kMaxEchoedValueBytes = 2048;

void Constraints::fail(std::string_view value, std::string_view field,
                       std::string_view constraint) {
  std::string echoed(value);
  if (echoed.size() > kMaxEchoedValueBytes) {
    size_t cut = kMaxEchoedValueBytes;
    while (cut > 0 && (static_cast<unsigned char>(echoed[cut]) & 0xC0) == 0x80) --cut;
    echoed.resize(cut);
    echoed += "...";
  }
  errors_.push_back("Value '" + echoed + "' at '" + std::string(field) +
                    "' failed to satisfy constraint: " + std::string(constraint));
}

bool is_valid_table_name(std::string_view name) {
  return name.size() >= 3 && name.size() <= 255 &&
         std::all_of(name.begin(), name.end(), is_table_name_char);
}

void Constraints::fail_unechoed(std::string_view field, std::string_view constraint) {
  errors_.push_back("Value at '" + std::string(field) +
                    "' failed to satisfy constraint: " + std::string(constraint));
}

bool Constraints::length_between(std::string_view value, std::string_view field, size_t min,
                                 size_t max) {
  const size_t length = utf16_length(value);
  if (length < min) {
    fail(value, field, "Member must have length greater than or equal to " + std::to_string(min));
    return false;
  }
  if (length > max) {
    fail(value, field, "Member must have length less than or equal to " + std::to_string(max));
    return false;
  }
  return true;
}

bool Constraints::pattern(std::string_view value, std::string_view field,
                          std::string_view pattern_text, bool (*char_ok)(char)) {
  for (char c : value) {
    if (!char_ok(c)) {
      fail(value, field,
           "Member must satisfy regular expression pattern: " + std::string(pattern_text));
      return false;
    }
  }
  return true;
}

bool Constraints::one_of(std::string_view value, std::string_view field,
                         const std::vector<std::string_view>& allowed) {
  for (auto a : allowed) {
    if (a == value) return true;
  }
  std::string set = "[";
  for (size_t i = 0; i < allowed.size(); ++i) {
    if (i) set += ", ";
    set += allowed[i];
  }
  fail(value, field, "Member must satisfy enum value set: " + set + "]");
  return false;
}

bool Constraints::at_least(int64_t value, std::string_view field, int64_t min) {
  if (value >= min) return true;
  fail(std::to_string(value), field,
       "Member must have value greater than or equal to " + std::to_string(min));
  return false;
}

bool Constraints::at_most(int64_t value, std::string_view field, int64_t max) {
  if (value <= max) return true;
  fail(std::to_string(value), field,
       "Member must have value less than or equal to " + std::to_string(max));
  return false;
}

void Constraints::table_name(std::optional<std::string_view> name, std::string_view field) {
  if (!name) {
    not_null(field);
    return;
  }
  if (name->empty()) {
    fail(*name, field, "Member must have length greater than or equal to 1");
    return;
  }
  new_table_name(*name, field);
}

void Constraints::table_name_or_arn(std::optional<std::string_view> name, std::string_view field) {
  if (name && name->substr(0, 4) == "arn:") {
    length_between(*name, field, 1, 1024);
    return;
  }
  table_name(name, field);
}

void Constraints::new_table_name(std::string_view name, std::string_view field) {
  // DynamoDB reports both the length and the pattern failure when both apply.
  length_between(name, field, 3, 255);
  pattern(name, field, "[a-zA-Z0-9_.-]+", is_table_name_char);
}

ApiError missing_parameter(std::string_view parameter) {
  return ApiError::validation("The parameter '" + std::string(parameter) +
                              "' is required but was not present in the request");
}

ApiError missing_request_items(std::string_view operation) {
  return ApiError::validation("The requestItems parameter is required for " +
                              std::string(operation));
}

void Constraints::throw_if_any() const {
  if (errors_.empty()) return;
  std::string m =
      std::to_string(errors_.size()) +
      (errors_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (size_t i = 0; i < errors_.size(); ++i) {
    if (i) m += "; ";
    m += errors_[i];
  }
  throw ApiError::validation(std::move(m));
}

}  // namespace cairn::api
