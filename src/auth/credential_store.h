// The access keys the server knows: kept in memory for lookups, stored durably through the
// engine's AuthRecords with each secret (and session token) sealed under a server key
// (secret_box.h), never in plain text and never logged. SigV4 needs the secret itself on
// the server, so it is encrypted rather than hashed (decision 0025).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "auth/credential.h"
#include "engine/auth_records.h"

namespace cairn::auth {

// Cairn's account when nobody says otherwise (DynamoDB Local's).
constexpr std::string_view kDefaultAccountId = "000000000000";

// What a new key is for; empty fields are drawn or defaulted.
struct NewAccessKey {
  std::string account_id{kDefaultAccountId};
  std::string user_name = "root";  // the account's root user (authorizer.h)
  std::string access_key_id;     // default: "AKIA" (or "ASIA" for a temporary key) + 16 characters
  std::string secret;            // default: 40 random characters
  int64_t lifetime_seconds = 0;  // > 0: a temporary key, with a session token, for that long
};

class CredentialStore {
 public:
  explicit CredentialStore(engine::AuthRecords& records);

  // The key (shared, not copied: every signed request looks one up), or nullptr.
  std::shared_ptr<const AccessKey> find(std::string_view access_key_id) const;
  // Every key, by id, without secrets or session tokens.
  std::vector<AccessKey> list() const;
  // Creates a key (its secret is returned only here). Throws std::invalid_argument for an id
  // that exists or is malformed.
  AccessKey create(NewAccessKey spec);
  // Creates the key, or gives an existing one this secret (and makes it active): how a CI
  // job's environment seeds a first key on every start.
  void seed(std::string_view access_key_id, std::string_view secret, std::string_view account_id,
            std::string_view user_name);
  bool set_active(std::string_view access_key_id, bool active);
  bool remove(std::string_view access_key_id);
  // A new key for the same user and account; the old one is deactivated (delete it once no
  // client uses it). nullopt when there is no such key.
  std::optional<AccessKey> rotate(std::string_view access_key_id);

 private:
  void store(const AccessKey& key);

  engine::AuthRecords& records_;
  std::string seal_key_;
  mutable std::shared_mutex mu_;
  std::map<std::string, std::shared_ptr<const AccessKey>, std::less<>> keys_;
};

}  // namespace cairn::auth
