#include "auth/authenticator.h"

namespace cairn::auth {
namespace {

// The region an Authorization header's credential scope names ("Credential=id/date/REGION/
// service/aws4_request"), when it looks like one.
std::string_view scope_region(std::string_view authorization) {
  const auto credential = authorization.find("Credential=");
  if (credential == std::string_view::npos) return {};
  std::string_view rest = authorization.substr(credential + 11);
  for (int i = 0; i < 2; ++i) {
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return {};
    rest.remove_prefix(slash + 1);
  }
  const std::string_view region = rest.substr(0, rest.find('/'));
  if (region.empty() || region.size() > 32) return {};
  for (char c : region) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return {};
  }
  return region;
}

}  // namespace

Authenticator::Authenticator(AuthMode mode, const CredentialStore* store, std::string region,
                             bool shared_regions, Clock clock)
    : mode_(mode), region_(region), shared_regions_(shared_regions) {
  if (mode_ == AuthMode::kSigV4) {
    verifier_ =
        std::make_unique<SigV4Verifier>([store](std::string_view id) { return store->find(id); },
                                        std::move(region), std::move(clock));
  }
}

Principal Authenticator::authenticate(const SignedHttpRequest& request,
                                      std::string_view authorization) const {
  if (mode_ == AuthMode::kSigV4) {
    Principal verified = verifier_->verify(request);
    verified.region = region_;
    return verified;
  }
  Principal anonymous;
  anonymous.account_id = std::string(kDefaultAccountId);
  anonymous.user_name = "anonymous";
  const std::string_view named = shared_regions_ ? std::string_view() : scope_region(authorization);
  anonymous.region = std::string(named.empty() ? std::string_view(region_) : named);
  return anonymous;
}

}  // namespace cairn::auth
