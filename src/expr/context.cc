#include "expr/context.h"

#include "model/api_error.h"
#include "model/attribute_name.h"

namespace cairn::expr {
namespace {

// A placeholder key is its sigil followed by at least one letter, digit or underscore.
bool valid_key(std::string_view key, char sigil) {
  if (key.size() < 2 || key[0] != sigil) return false;
  for (char c : key.substr(1)) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

template <typename Map, typename Used>
std::string unused_keys(const Map& map, const Used& used) {
  std::string out;
  for (const auto& [key, unused_value] : map) {
    if (used.count(key) != 0) continue;
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

}  // namespace

void ExpressionContext::validate() const {
  if (names_) {
    if (names_->empty()) throw ApiError::validation("ExpressionAttributeNames must not be empty");
    for (const auto& [key, name] : *names_) {
      if (!valid_key(key, '#')) {
        throw ApiError::validation(
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
      }
      if (name.empty()) {
        throw ApiError::validation(
            "ExpressionAttributeNames contains invalid value: Empty attribute name for key " + key);
      }
      check_attribute_name(name);
    }
  }
  if (values_) {
    if (values_->empty()) {
      throw ApiError::validation("ExpressionAttributeValues must not be empty");
    }
    for (const auto& entry : *values_) {
      if (!valid_key(entry.first, ':')) {
        throw ApiError::validation(
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + entry.first +
            "\"");
      }
    }
  }
}

const std::string* ExpressionContext::name(std::string_view placeholder) {
  if (!names_) return nullptr;
  auto it = names_->find(placeholder);
  if (it == names_->end()) return nullptr;
  used_names_.emplace(it->first);
  return &it->second;
}

const AttributeValue* ExpressionContext::value(std::string_view placeholder) {
  if (!values_) return nullptr;
  auto it = values_->find(placeholder);
  if (it == values_->end()) return nullptr;
  used_values_.emplace(it->first);
  return &it->second;
}

void ExpressionContext::check_all_used() const {
  if (names_) {
    std::string keys = unused_keys(*names_, used_names_);
    if (!keys.empty()) {
      throw ApiError::validation(
          "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + keys + "}");
    }
  }
  if (values_) {
    std::string keys = unused_keys(*values_, used_values_);
    if (!keys.empty()) {
      throw ApiError::validation(
          "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + keys +
          "}");
    }
  }
}

}  // namespace cairn::expr
