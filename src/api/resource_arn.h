// The ResourceArn of TagResource, UntagResource and ListTagsOfResource, checked in the order
// DynamoDB checks it (as observed on DynamoDB in 2026): the "arn:" prefix, the ARN's shape,
// the service, the account (another account's resource is denied, not looked for), the
// resource type (a table; an index or a stream is not taggable here), the region.
#pragma once

#include <string>
#include <string_view>

#include "engine/catalog.h"

namespace cairn::api {

// The table the ARN names, for a request acting for account: throws ValidationException for
// a malformed ARN, AccessDeniedException for another account's (or service's) resource, and
// ResourceNotFoundException ("Requested resource not found: ResourceArn: <arn> not found")
// for a well-formed ARN of a table that does not exist.
engine::TablePtr table_of_resource_arn(const engine::Catalog& catalog, std::string_view account,
                                       std::string_view region, std::string_view arn);

// The ResourceArn of PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy: the same
// checks as a tag's, but a stream's ARN is a resource too. Whether the table (or its current
// stream) exists is the caller's to say, each operation in its own words.
struct PolicyResource {
  engine::TablePtr table;  // the table the ARN names, if it exists
  bool is_stream = false;
  bool exists = false;  // the table, or the stream as the table's current one
};
PolicyResource policy_resource_of_arn(const engine::Catalog& catalog, std::string_view account,
                                      std::string_view region, std::string_view arn);

// The account and region fields of an ARN (arn:partition:service:region:account:resource),
// or "".
std::string_view account_of_arn(std::string_view arn);
std::string_view region_of_arn(std::string_view arn);

}  // namespace cairn::api
