// DynamoDB's rules for resource tags, shared by CreateTable and TagResource.
#pragma once

#include <map>
#include <string>

#include "api/request_reader.h"

namespace cairn::api {

constexpr size_t kMaxTagsPerResource = 50;

// Parses and validates a Tags list ([{"Key": ..., "Value": ...}]); field is the member
// path used in error messages ("tags").
std::map<std::string, std::string> parse_tags(JsonArray tags, std::string_view field);

// Throws when a resource would carry more tags than DynamoDB allows.
void check_tag_count(const std::map<std::string, std::string>& tags);

}  // namespace cairn::api
