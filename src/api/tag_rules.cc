#include "api/tag_rules.h"

#include <optional>

#include "api/constraints.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

// "Letters, white space, and numbers, plus + - = . _ : /" (Tagging restrictions in
// DynamoDB). Bytes of multi-byte UTF-8 sequences are accepted as letters.
bool is_tag_char(char c) {
  return static_cast<unsigned char>(c) >= 0x80 || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '\t' || c == '_' ||
         c == '.' || c == ':' || c == '/' || c == '=' || c == '+' || c == '-';
}

bool valid_tag_text(std::string_view text) {
  for (char c : text) {
    if (!is_tag_char(c)) return false;
  }
  return true;
}

void check_tag_key(std::string_view key) {
  if (!valid_tag_text(key)) {
    throw ApiError::validation("The Tag Key provided is invalid, Key: " + std::string(key));
  }
  if (key.substr(0, 4) == "aws:") {
    throw ApiError::validation("Tag Key cannot be prefixed with aws:, Key: " + std::string(key));
  }
}

}  // namespace

std::map<std::string, std::string> parse_tags(JsonArray tags, std::string_view field) {
  Constraints c;
  size_t i = 0;
  struct Tag {
    std::optional<std::string_view> key, value;
  };
  std::vector<Tag> read;
  for (JsonElement e : tags) {
    ++i;
    RequestReader tag(as_object(e));
    const std::string at = std::string(field) + "." + std::to_string(i) + ".member.";
    Tag t{tag.string("Key"), tag.string("Value")};
    if (!t.key) c.not_null(at + "key");
    if (t.key) c.length_between(*t.key, at + "key", 1, 128);
    if (t.value) c.length_between(*t.value, at + "value", 0, 256);
    read.push_back(t);
  }
  c.throw_if_any();
  std::map<std::string, std::string> out;
  for (const Tag& t : read) {
    check_tag_key(*t.key);
    if (!t.value || !valid_tag_text(*t.value)) {
      throw ApiError::validation("The Tag Value provided is invalid, Value: " +
                                 std::string(t.value ? *t.value : "null"));
    }
    if (!out.emplace(*t.key, *t.value).second) {
      throw ApiError::validation("Duplicate Tag Keys provided as input: Duplicate Tag Key found " +
                                 std::string(*t.key));
    }
  }
  return out;
}

std::vector<std::string> parse_tag_keys(JsonArray keys) {
  if (keys.size() == 0) {
    throw ApiError::validation("Atleast one Tag Key needs to be provided as Input.");
  }
  Constraints c;
  std::vector<std::string> out;
  for (JsonElement k : keys) {
    auto key = as_string(k);
    c.length_between(key, "tagKeys", 1, 128);
    out.emplace_back(key);
  }
  c.throw_if_any();
  for (const auto& key : out) check_tag_key(key);
  return out;
}

void check_tag_count(const std::map<std::string, std::string>& tags) {
  if (tags.size() > kMaxTagsPerResource) {
    throw ApiError::validation(
        "Number of Tags exceed the current limit for the provided ResourceArn");
  }
}

}  // namespace cairn::api
