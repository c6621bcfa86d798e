// The client side of Cairn's admin API (api/admin_ops.cc), for `cairn keys` and
// `cairn policies` with --endpoint: one SigV4-signed POST per call, with the caller's
// credentials from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN), as any AWS client takes them.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace cairn::cli {

// A refusal by the server: its error type and message.
class AdminError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class AdminClient {
 public:
  // endpoint: http://host:port or https://host:port (the certificate verified against
  // AWS_CA_BUNDLE, or the system's CAs). Throws std::invalid_argument without credentials or
  // for an endpoint it cannot use. An empty region is AWS_REGION's, or us-east-1.
  AdminClient(std::string_view endpoint, std::string region);

  // The response body (JSON) of operation with this request body; throws AdminError.
  std::string call(std::string_view operation, const std::string& body) const;

 private:
  std::string host_;
  std::string port_;
  std::string region_;
  bool tls_ = false;
  std::string key_id_, secret_, token_;
};

// s as a JSON string literal, quotes included.
std::string json_quoted(std::string_view s);

}  // namespace cairn::cli
