// SigV4 from the client's side, for Cairn's own commands that talk to a running server
// (cairn keys/policies --endpoint): the same canonical request the verifier computes
// (sigv4.h), signed with the caller's key.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "auth/http_request.h"

namespace cairn::auth {

struct SigningCredentials {
  std::string access_key_id;
  std::string secret;
  std::string session_token;  // empty for a long-term key
};

// Adds X-Amz-Date (and X-Amz-Security-Token) to fields, then the Authorization header that
// signs every field, for a request of service in region at time now.
void sign_request(std::vector<HeaderField>& fields, std::string_view method,
                  std::string_view target, std::string_view payload,
                  const SigningCredentials& credentials, std::string_view region,
                  std::string_view service, std::chrono::system_clock::time_point now);

}  // namespace cairn::auth
