#include "auth/authenticator.h"

namespace cairn::auth {

Authenticator::Authenticator(AuthMode mode, const CredentialStore* store, std::string region,
                             Clock clock)
    : mode_(mode) {
  if (mode_ == AuthMode::kSigV4) {
    verifier_ =
        std::make_unique<SigV4Verifier>([store](std::string_view id) { return store->find(id); },
                                        std::move(region), std::move(clock));
  }
}

Principal Authenticator::authenticate(const SignedHttpRequest& request) const {
  if (mode_ == AuthMode::kNone) {
    Principal anonymous;
    anonymous.account_id = std::string(kDefaultAccountId);
    anonymous.user_name = "anonymous";
    return anonymous;
  }
  return verifier_->verify(request);
}

}  // namespace cairn::auth
