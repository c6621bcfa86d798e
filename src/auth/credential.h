// An access key, and who a request that it signed acts as.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cairn::auth {

// The user name under which a key acts as its account's root user (authorizer.h).
constexpr std::string_view kRootUser = "root";

// How IAM names a user: arn:aws:iam::<account>:user/<name>, and the account's root user
// arn:aws:iam::<account>:root.
inline std::string user_arn(std::string_view account, std::string_view user) {
  std::string arn = "arn:aws:iam::";
  arn.append(account);
  if (user == kRootUser) return arn.append(":root");
  return arn.append(":user/").append(user);
}

// An access key belongs to a user of an account. A temporary one (as STS issues) also has a
// session token, which each request must carry as X-Amz-Security-Token, and an expiry.
struct AccessKey {
  std::string access_key_id;
  std::string secret;  // in memory only; stored encrypted (credential_store.h)
  std::string account_id;
  std::string user_name;
  bool active = true;
  int64_t created_ms = 0;
  std::string session_token;  // empty for a long-term key
  int64_t expires_ms = 0;     // 0: never
};

// Who a request acts as.
struct Principal {
  std::string account_id;
  std::string region;  // the region the request addresses
  std::string user_name;
  std::string access_key_id;
  bool anonymous = true;  // --auth none: nobody was verified

  std::string arn() const { return user_arn(account_id, user_name); }
};

}  // namespace cairn::auth
