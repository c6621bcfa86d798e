#include "auth/authorizer.h"

#include <cctype>
#include <chrono>
#include <ctime>

#include "auth/digest.h"
#include "model/api_error.h"
#include "model/clock.h"

namespace cairn::auth {
namespace {

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A user's stable unique id (aws:userid), as IAM gives each user one ("AIDA..."): the
// same for all of the user's keys, rotated or not.
std::string user_id(std::string_view account, std::string_view user) {
  std::string text(account);
  text.append("/").append(user);
  std::string id = "AIDA" + hex(sha256(text)).substr(0, 17);
  for (char& ch : id) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return id;
}

void add_global_keys(const Subject& subject, AccessRequest& request) {
  auto& c = request.context;
  const Principal& p = *subject.principal;
  const int64_t now = now_ms();
  c["aws:currenttime"] = {iso8601_utc(now)};
  c["aws:epochtime"] = {std::to_string(now / 1000)};
  c["aws:securetransport"] = {subject.origin.secure_transport ? "true" : "false"};
  if (!subject.origin.source_ip.empty())
    c["aws:sourceip"] = {std::string(subject.origin.source_ip)};
  c["aws:principalaccount"] = {p.account_id};
  c["aws:principalarn"] = {p.arn()};
  c["aws:principaltype"] = {subject.root ? "Account" : "User"};
  if (subject.root) {
    c["aws:userid"] = {p.account_id};  // IAM's userid of an account's root user
  } else {
    c["aws:username"] = {p.user_name};
    c["aws:userid"] = {user_id(p.account_id, p.user_name)};
  }
  if (subject.user) {
    for (const auto& [key, value] : subject.user->tags) {
      c["aws:principaltag/" + lowered(key)] = {value};
    }
  }
}

[[noreturn]] void refuse(const Subject& subject, const AccessRequest& request,
                         std::string_view why) {
  std::string message =
      "User: " + subject.principal->arn() + " is not authorized to perform: " + request.action;
  if (request.resource != "*") message += " on resource: " + request.resource;
  message += " ";
  message += why;
  throw ApiError(ErrorType::kAccessDenied, std::move(message));
}

}  // namespace

Subject Authorizer::subject(const Principal& principal, RequestOrigin origin) const {
  Subject s;
  s.principal = &principal;
  s.root = principal.user_name == kRootUser;
  s.user = store_.user(principal.account_id, principal.user_name);
  s.origin = origin;
  return s;
}

bool Authorizer::needs_context(const Subject& subject) const {
  if (!subject.root && subject.user && subject.user->needs_context) return true;
  return store_.has_resource_policies();
}

void Authorizer::require(const Subject& subject, AccessRequest& request,
                         std::string_view policy_arn) const {
  const std::shared_ptr<const ResourcePolicy> resource =
      policy_arn.empty() || !store_.has_resource_policies() ? nullptr
                                                            : store_.resource_policy(policy_arn);
  // Only a resource policy's Principal element looks at who asks.
  if (resource) {
    request.principal_arn = subject.principal->arn();
    request.principal_account = subject.principal->account_id;
  }
  const bool any_context = (subject.user && subject.user->needs_context) || resource != nullptr;
  if (any_context) add_global_keys(subject, request);

  Decision identity = subject.root ? Decision::kAllow : Decision::kImplicitDeny;
  if (!subject.root && subject.user) identity = evaluate(subject.user->documents, request);
  if (identity == Decision::kExplicitDeny) {
    refuse(subject, request, "with an explicit deny in an identity-based policy");
  }
  Decision by_resource = Decision::kImplicitDeny;
  if (resource) by_resource = evaluate({resource->policy.get()}, request);
  if (by_resource == Decision::kExplicitDeny) {
    refuse(subject, request, "with an explicit deny in a resource-based policy");
  }
  if (identity == Decision::kAllow || by_resource == Decision::kAllow) return;
  refuse(subject, request,
         "because no identity-based policy allows the " + request.action + " action");
}

}  // namespace cairn::auth
