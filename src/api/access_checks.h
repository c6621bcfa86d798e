// The IAM questions a request asks before its handler runs: for each action it performs,
// the action's name ("dynamodb:" + the operation; a transaction's items ask for their
// underlying PutItem, UpdateItem, DeleteItem, ConditionCheckItem or GetItem), the resource
// (the table's, index's or stream's ARN, or "*" for an operation on no one resource), the
// resource whose resource-based policy applies, and, when a policy may look at them,
// DynamoDB's condition keys. Batches and transactions ask once per item, as DynamoDB checks
// them: dynamodb:LeadingKeys and dynamodb:Attributes are then that item's.
//
// Condition keys (decision 0027): LeadingKeys is the partition key value the item (or the
// Query's key condition) names; Attributes the top-level attribute names the request
// touches (key, item, projection, update, condition and filter attributes); Select the
// Select parameter, or what the read returns without one (SPECIFIC_ATTRIBUTES with a
// projection; ALL_ATTRIBUTES, or ALL_PROJECTED_ATTRIBUTES for an index); ReturnValues and
// ReturnConsumedCapacity when given; EnclosingOperation inside transactions;
// FullTableScan "true" for a Scan.
//
// The admin API's operations ask for "iam:<Operation>" on the user's ARN
// (arn:aws:iam::<account>:user/<UserName>, or the caller's own without a UserName), so that
// IAM policies written for IAM's own actions mean the same here.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/request_reader.h"
#include "engine/catalog.h"

namespace cairn::api {

struct AccessCheck {
  std::string action;
  std::string resource;
  std::string policy_arn;  // empty: no resource-based policy applies
  std::map<std::string, std::vector<std::string>> context;  // lower-cased key names
};

struct AccessScope {
  const engine::Catalog& catalog;
  std::string_view account;
  std::string_view region;
  std::string_view token_secret;  // to read the stream a shard iterator names
  bool with_conditions = false;   // compute the condition keys
  std::string_view user_name;     // the caller's (the admin API's default user)
};

// Which API the operation came through (its target prefix).
enum class Api { kDynamoDB, kStreams, kAdmin };

std::vector<AccessCheck> access_checks(std::string_view operation, Api api,
                                       const RequestReader& request, const AccessScope& scope);

}  // namespace cairn::api
