// The request members exports and imports share, checked as DynamoDB's model constrains
// them: an S3 bucket's name and owner, and the ClientToken.
#pragma once

#include <optional>
#include <string_view>

#include "api/constraints.h"

namespace cairn::api {

// S3Bucket: required, at most 255 characters of ^[a-z0-9A-Z]+[\.\-\w]*[a-z0-9A-Z]+$.
void check_s3_bucket(Constraints& c, std::optional<std::string_view> bucket,
                     std::string_view field);
// S3BucketOwner: 12 digits, when given.
void check_s3_bucket_owner(Constraints& c, std::optional<std::string_view> owner,
                           std::string_view field);
// ClientToken: ^[^\$]+$ when given.
void check_client_token(Constraints& c, std::optional<std::string_view> token);

}  // namespace cairn::api
