// DynamoDB's rules for resource tags, shared by CreateTable, TagResource and UntagResource.
// The API model bounds only lengths (a key 1 to 128 characters, a value 0 to 256); the
// characters, the reserved "aws:" prefix, duplicates and the count are the service's own
// checks, each with its own words (as observed on DynamoDB in 2026).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "api/request_reader.h"

namespace cairn::api {

constexpr size_t kMaxTagsPerResource = 50;

// Parses and validates a Tags list ([{"Key": ..., "Value": ...}]); field is the member
// path used in constraint messages ("tags").
std::map<std::string, std::string> parse_tags(JsonArray tags, std::string_view field);

// Validates the TagKeys of an UntagResource.
std::vector<std::string> parse_tag_keys(JsonArray keys);

// Throws when a resource would carry more tags than DynamoDB allows.
void check_tag_count(const std::map<std::string, std::string>& tags);

}  // namespace cairn::api
