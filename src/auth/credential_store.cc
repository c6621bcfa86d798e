#include "auth/credential_store.h"

#include <openssl/rand.h>

#include <chrono>
#include <mutex>
#include <stdexcept>

#include "auth/iam_name.h"
#include "auth/secret_box.h"

namespace cairn::auth {
namespace {

constexpr std::string_view kSealKeyName = "credentials";
constexpr char kRecordVersion = 1;

std::string random_text(size_t length, std::string_view alphabet) {
  std::string bytes(length, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(length)) != 1) {
    throw std::runtime_error("no secure random bytes");
  }
  std::string out;
  for (unsigned char b : bytes) out.push_back(alphabet[b % alphabet.size()]);
  return out;
}

constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kSecretAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Record layout: version, then length-prefixed fields (4 B BE lengths, 8 B BE numbers).
void put_bytes(std::string& out, std::string_view s) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(s.size() >> shift));
  out.append(s);
}
void put_number(std::string& out, int64_t n) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>(static_cast<uint64_t>(n) >> shift));
  }
}

struct Reader {
  std::string_view in;
  bool ok = true;
  std::string_view take(size_t n) {
    if (in.size() < n) {
      ok = false;
      return {};
    }
    auto out = in.substr(0, n);
    in.remove_prefix(n);
    return out;
  }
  uint64_t number(int bytes) {
    uint64_t n = 0;
    for (unsigned char c : take(static_cast<size_t>(bytes))) n = (n << 8) | c;
    return n;
  }
  std::string_view bytes() { return take(static_cast<size_t>(number(4))); }
};

std::string encode(const AccessKey& key, std::string_view seal_key) {
  std::string out(1, kRecordVersion);
  put_bytes(out, key.account_id);
  put_bytes(out, key.user_name);
  put_bytes(out, seal(seal_key, key.secret));
  put_bytes(out, key.session_token.empty() ? std::string() : seal(seal_key, key.session_token));
  out.push_back(key.active ? 1 : 0);
  put_number(out, key.created_ms);
  put_number(out, key.expires_ms);
  return out;
}

std::optional<AccessKey> decode(std::string_view id, std::string_view record,
                                std::string_view seal_key) {
  Reader r{record};
  if (r.take(1) != std::string_view(&kRecordVersion, 1)) return std::nullopt;
  AccessKey key;
  key.access_key_id = std::string(id);
  key.account_id = std::string(r.bytes());
  key.user_name = std::string(r.bytes());
  auto secret = open_sealed(seal_key, r.bytes());
  const std::string_view token_box = r.bytes();
  key.active = r.take(1) == std::string_view("\1", 1);
  key.created_ms = static_cast<int64_t>(r.number(8));
  key.expires_ms = static_cast<int64_t>(r.number(8));
  if (!r.ok || !secret) return std::nullopt;
  key.secret = std::move(*secret);
  if (!token_box.empty()) {
    auto token = open_sealed(seal_key, token_box);
    if (!token) return std::nullopt;
    key.session_token = std::move(*token);
  }
  return key;
}

bool valid_key_id(std::string_view id) {
  if (id.size() < 3 || id.size() > 128) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace

CredentialStore::CredentialStore(engine::AuthRecords& records)
    : records_(records), seal_key_(records.secret(kSealKeyName)) {
  for (const auto& [id, record] : records_.all()) {
    // Other records (policies) have names with '/', which no access key id has.
    if (id.find('/') != std::string::npos) continue;
    if (auto key = decode(id, record, seal_key_)) {
      keys_.emplace(id, std::make_shared<const AccessKey>(std::move(*key)));
    }
  }
}

std::shared_ptr<const AccessKey> CredentialStore::find(std::string_view access_key_id) const {
  std::shared_lock lock(mu_);
  auto it = keys_.find(access_key_id);
  return it == keys_.end() ? nullptr : it->second;
}

std::vector<AccessKey> CredentialStore::list() const {
  std::shared_lock lock(mu_);
  std::vector<AccessKey> out;
  for (const auto& [id, key] : keys_) {
    AccessKey shown = *key;
    shown.secret.clear();
    shown.session_token.clear();
    out.push_back(std::move(shown));
  }
  return out;
}

void CredentialStore::store(const AccessKey& key) {
  records_.put(key.access_key_id, encode(key, seal_key_));
  keys_[key.access_key_id] = std::make_shared<const AccessKey>(key);
}

AccessKey CredentialStore::create(NewAccessKey spec) {
  const bool temporary = spec.lifetime_seconds > 0;
  AccessKey key;
  key.access_key_id = spec.access_key_id.empty()
                          ? std::string(temporary ? "ASIA" : "AKIA") + random_text(16, kUpperAlnum)
                          : spec.access_key_id;
  if (!valid_key_id(key.access_key_id)) {
    throw std::invalid_argument("an access key id is 3 to 128 letters, digits, '_', '-' or '.'");
  }
  if (!is_valid_iam_name(spec.user_name)) {
    throw std::invalid_argument("a user name is 1 to 128 letters, digits or _+=,.@-");
  }
  if (!is_valid_account_id(spec.account_id)) {
    throw std::invalid_argument("an account id is 12 digits");
  }
  key.secret = spec.secret.empty() ? random_text(40, kSecretAlphabet) : spec.secret;
  key.account_id = spec.account_id;
  key.user_name = spec.user_name;
  key.created_ms = now_ms();
  if (temporary) {
    key.session_token = random_text(96, kSecretAlphabet);
    key.expires_ms = key.created_ms + spec.lifetime_seconds * 1000;
  }
  std::unique_lock lock(mu_);
  if (keys_.count(key.access_key_id)) {
    throw std::invalid_argument("the access key " + key.access_key_id + " exists");
  }
  store(key);
  return key;
}

void CredentialStore::seed(std::string_view access_key_id, std::string_view secret,
                           std::string_view account_id, std::string_view user_name) {
  if (!valid_key_id(access_key_id) || secret.empty() || !is_valid_iam_name(user_name) ||
      !is_valid_account_id(account_id)) {
    throw std::invalid_argument(
        "a seeded key needs a valid access key id, a secret, a 12-digit account and a user name");
  }
  std::unique_lock lock(mu_);
  AccessKey key;
  if (auto it = keys_.find(access_key_id); it != keys_.end()) {
    key = *it->second;
  } else {
    key.access_key_id = std::string(access_key_id);
    key.created_ms = now_ms();
  }
  key.secret = std::string(secret);
  key.account_id = std::string(account_id);
  key.user_name = std::string(user_name);
  key.active = true;
  store(key);
}

bool CredentialStore::set_active(std::string_view access_key_id, bool active) {
  std::unique_lock lock(mu_);
  auto it = keys_.find(access_key_id);
  if (it == keys_.end()) return false;
  AccessKey key = *it->second;
  key.active = active;
  store(key);
  return true;
}

bool CredentialStore::remove(std::string_view access_key_id) {
  std::unique_lock lock(mu_);
  auto it = keys_.find(access_key_id);
  if (it == keys_.end()) return false;
  records_.remove(access_key_id);
  keys_.erase(it);
  return true;
}

std::optional<AccessKey> CredentialStore::rotate(std::string_view access_key_id) {
  std::shared_ptr<const AccessKey> old = find(access_key_id);
  if (!old) return std::nullopt;
  // Its replacement would outlive it: a temporary key is replaced by asking for another.
  if (!old->session_token.empty()) {
    throw std::invalid_argument("a temporary key cannot be rotated: create another");
  }
  NewAccessKey spec;
  spec.account_id = old->account_id;
  spec.user_name = old->user_name;
  AccessKey fresh = create(std::move(spec));
  set_active(access_key_id, false);
  return fresh;
}

}  // namespace cairn::auth
