// Whether a verified principal may do what a request asks, as IAM decides it for a principal
// and a resource of the same account (Cairn never shows one account's resources to another):
// an explicit deny in any applicable policy refuses; otherwise an allow in the user's
// identity policies or in the resource's policy permits; otherwise the implicit deny
// refuses. The account's root user (user name "root") needs no identity policy; a
// resource policy's explicit deny still refuses it. A refusal is DynamoDB's
// AccessDeniedException, naming who, which action, which resource and why.
#pragma once

#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/credential.h"
#include "auth/policy.h"
#include "auth/policy_store.h"

namespace cairn::auth {

// Where a request came from: the facts behind aws:SourceIp and aws:SecureTransport.
struct RequestOrigin {
  std::string_view source_ip;
  bool secure_transport = false;
};

// What one request's checks share: who, and the policies that apply to them (looked up once).
struct Subject {
  const Principal* principal = nullptr;
  bool root = false;
  std::shared_ptr<const UserPolicies> user;  // nullptr: no policies, no tags
  RequestOrigin origin;
};

class Authorizer {
 public:
  explicit Authorizer(PolicyStore& store) : store_(store) {}

  // The store behind the decisions (resource policy operations change it).
  PolicyStore& store() const { return store_; }
  Subject subject(const Principal& principal, RequestOrigin origin) const;
  // Whether the checks need their condition keys (some policy that may apply has a
  // Condition or a policy variable, or some resource has a policy); without, they are not
  // computed.
  bool needs_context(const Subject& subject) const;

  // Refuses (throws ApiError AccessDeniedException) unless subject may perform
  // request.action on request.resource; policy_arn names the resource whose resource-based
  // policy applies (a table's also covers its indexes), or is empty. Adds the global
  // condition keys (aws:username, aws:CurrentTime, ...) to request.context when it has any.
  void require(const Subject& subject, AccessRequest& request, std::string_view policy_arn) const;

 private:
  PolicyStore& store_;
};

}  // namespace cairn::auth
