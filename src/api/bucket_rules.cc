#include "api/bucket_rules.h"

#include <algorithm>
#include <cctype>

namespace cairn::api {
namespace {

constexpr std::string_view kBucketPattern = "^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$";
constexpr std::string_view kTokenPattern = "^[^\\$]+$";

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_bucket_name_char(char c) {
  return is_alnum(c) || c == '.' || c == '-' || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_not_dollar(char c) {
  return c != '$';
}

}  // namespace

void check_s3_bucket(Constraints& c, std::optional<std::string_view> bucket,
                     std::string_view field) {
  if (!bucket) {
    c.not_null(field);
    return;
  }
  if (!c.length_between(*bucket, field, 1, 255)) return;
  if (bucket->size() < 2 || !is_alnum(bucket->front()) || !is_alnum(bucket->back())) {
    c.fail(*bucket, field,
           "Member must satisfy regular expression pattern: " + std::string(kBucketPattern));
    return;
  }
  c.pattern(*bucket, field, kBucketPattern, is_bucket_name_char);
}

void check_s3_bucket_owner(Constraints& c, std::optional<std::string_view> owner,
                           std::string_view field) {
  if (owner && (owner->size() != 12 || !std::all_of(owner->begin(), owner->end(), is_digit))) {
    c.fail(*owner, field, "Member must satisfy regular expression pattern: [0-9]{12}");
  }
}

void check_client_token(Constraints& c, std::optional<std::string_view> token) {
  if (!token) return;
  if (token->empty()) {
    c.fail(*token, "clientToken",
           "Member must satisfy regular expression pattern: " + std::string(kTokenPattern));
    return;
  }
  c.pattern(*token, "clientToken", kTokenPattern, is_not_dollar);
}

}  // namespace cairn::api
