// What DynamoDB requires of a resource-based policy document (PutResourcePolicy, and
// CreateTable's ResourcePolicy): at most 20 KB, whitespace included, and a policy IAM would
// accept. One check for both.
#pragma once

#include <string_view>

namespace cairn::api {

// Throws ValidationException when the document is too large or not a valid policy.
void check_resource_policy_document(std::string_view document);

}  // namespace cairn::api
