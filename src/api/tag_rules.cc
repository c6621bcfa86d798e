#include "api/tag_rules.h"

#include "api/constraints.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

// The documented pattern is [\p{L}\p{Z}\p{N}_.:/=+\-@]*. Bytes of multi-byte UTF-8
// sequences are accepted as letters.
bool is_tag_char(char c) {
  return static_cast<unsigned char>(c) >= 0x80 || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '_' || c == '.' ||
         c == ':' || c == '/' || c == '=' || c == '+' || c == '-' || c == '@';
}

constexpr std::string_view kTagPattern = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$";

}  // namespace

std::map<std::string, std::string> parse_tags(JsonArray tags, std::string_view field) {
  Constraints c;
  std::map<std::string, std::string> out;
  size_t i = 0;
  if (tags.size() < 1) c.fail("[]", field, "Member must have length greater than or equal to 1");
  for (JsonElement e : tags) {
    ++i;
    RequestReader tag(as_object(e));
    const std::string at = std::string(field) + "." + std::to_string(i) + ".member.";
    auto key = tag.string("Key");
    auto value = tag.string("Value");
    if (!key) c.not_null(at + "key");
    if (!value) c.not_null(at + "value");
    if (key && c.length_between(*key, at + "key", 1, 128))
      c.pattern(*key, at + "key", kTagPattern, is_tag_char);
    if (value && c.length_between(*value, at + "value", 0, 256)) {
      c.pattern(*value, at + "value", kTagPattern, is_tag_char);
    }
    if (key && value) out[std::string(*key)] = std::string(*value);
  }
  c.throw_if_any();
  for (const auto& [key, value] : out) {
    if (key.rfind("aws:", 0) == 0) {
      throw ApiError::validation("Tag keys starting with 'aws:' are reserved for system use");
    }
  }
  return out;
}

void check_tag_count(const std::map<std::string, std::string>& tags) {
  if (tags.size() > kMaxTagsPerResource) {
    throw ApiError::validation(
        "One or more parameter values were invalid: The number of tags exceeds the limit of " +
        std::to_string(kMaxTagsPerResource) + " tags");
  }
}

}  // namespace cairn::api
