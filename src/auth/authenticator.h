// Who a request acts as, and in which region. With --auth none every request is the default
// account's anonymous principal (today's local-testing habit), in the region its (unverified)
// Authorization header names, as DynamoDB Local keeps tables per region (unless regions are
// shared, its -sharedDb habit); with --auth sigv4 every request's signature is verified
// against the credential store (sigv4.h), in the server's region, and a failure is
// DynamoDB's error.
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
  // shared_regions: kNone's requests all address region, whatever they name.
  Authenticator(
      AuthMode mode, const CredentialStore* store, std::string region, bool shared_regions = false,
      Clock clock = [] { return std::chrono::system_clock::now(); });

  AuthMode mode() const { return mode_; }
  // The principal, or throws the ApiError DynamoDB answers an unauthenticated request with.
  // authorization: the request's Authorization header, which names the region when nothing
  // is verified.
  Principal authenticate(const SignedHttpRequest& request, std::string_view authorization) const;

 private:
  AuthMode mode_;
  std::string region_;
  bool shared_regions_;
  std::unique_ptr<SigV4Verifier> verifier_;
};

}  // namespace cairn::auth
