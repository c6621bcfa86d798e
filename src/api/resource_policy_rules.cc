#include "api/resource_policy_rules.h"

#include <string>

#include "auth/policy.h"
#include "auth/policy_store.h"
#include "model/api_error.h"

namespace cairn::api {

void check_resource_policy_document(std::string_view document) {
  if (document.size() > auth::kMaxResourcePolicyBytes) {
    throw ApiError::validation("Policy document exceeds the maximum allowed size of 20 KB");
  }
  try {
    auth::Policy::parse(document, auth::PolicyKind::kResource);
  } catch (const auth::PolicyError& e) {
    throw ApiError::validation("Invalid policy document: " + std::string(e.what()));
  }
}

}  // namespace cairn::api
