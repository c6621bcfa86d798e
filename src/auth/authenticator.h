// Who a request acts as. With --auth none every request is the default account's anonymous
// principal (today's local-testing habit); with --auth sigv4 every request's signature is
// verified against the credential store (sigv4.h) and a failure is DynamoDB's error.
#pragma once

#include <memory>
#include <string>

#include "auth/credential_store.h"
#include "auth/sigv4.h"

namespace cairn::auth {

enum class AuthMode { kNone, kSigV4 };

class Authenticator {
 public:
  // kNone needs no store; kSigV4 verifies against store, for requests scoped to region.
  Authenticator(
      AuthMode mode, const CredentialStore* store, std::string region,
      Clock clock = [] { return std::chrono::system_clock::now(); });

  AuthMode mode() const { return mode_; }
  // The principal, or throws the ApiError DynamoDB answers an unauthenticated request with.
  Principal authenticate(const SignedHttpRequest& request) const;

 private:
  AuthMode mode_;
  std::unique_ptr<SigV4Verifier> verifier_;
};

}  // namespace cairn::auth
