// SigV4, verified as AWS verifies it: the Authorization header's parts, the request's time
// against the server's clock (15 minutes either way), the credential scope (date, region,
// service "dynamodb", terminator), the access key (known, active, its session token, not
// expired), then the signature over the canonical request, compared in constant time.
// Every failure is an ApiError with DynamoDB's type and words (MissingAuthenticationToken-,
// IncompleteSignature-, InvalidSignature-, UnrecognizedClient-, ExpiredTokenException).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "auth/credential.h"
#include "auth/digest.h"
#include "auth/http_request.h"

namespace cairn::auth {

using Clock = std::function<std::chrono::system_clock::time_point()>;

// Where the verifier finds a key by its id (the credential store, or a test's map).
using KeyLookup = std::function<std::shared_ptr<const AccessKey>(std::string_view access_key_id)>;

// The request's canonical form (exposed for tests): method, canonical URI, canonical query,
// canonical headers, signed headers, payload hash; one per line.
std::string canonical_request(const SignedHttpRequest& request, std::string_view signed_headers);
void append_canonical_request(const SignedHttpRequest& request, std::string_view signed_headers,
                              std::string& out);

// kSigning: HMAC chain from "AWS4" + secret over date, region, service and "aws4_request".
std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service);

class SigV4Verifier {
 public:
  SigV4Verifier(KeyLookup keys, std::string region, Clock clock);

  // The principal the request acts as, or throws the ApiError DynamoDB would answer.
  Principal verify(const SignedHttpRequest& request) const;

 private:
  // kSigning for the key's day, region and service, ready to sign (derived once a day).
  std::shared_ptr<const HmacKey> signing_hmac(const AccessKey& key, std::string_view date,
                                              std::string_view region,
                                              std::string_view service) const;
  struct CachedKey {
    std::string secret;  // the secret it was derived from: a changed secret derives anew
    std::shared_ptr<const HmacKey> hmac;
  };

  KeyLookup keys_;
  std::string region_;
  Clock clock_;
  mutable std::mutex cache_mu_;
  // Per key, day, region and service: the derived key (a day's HMAC chain, reused).
  mutable std::map<std::string, CachedKey, std::less<>> signing_keys_;
};

}  // namespace cairn::auth
