#include "auth/policy_store.h"

#include "auth/iam_name.h"

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <set>

namespace cairn::auth {
namespace {

constexpr std::string_view kUserPolicyPrefix = "policy/";
constexpr std::string_view kUserTagsPrefix = "user-tags/";
constexpr std::string_view kResourcePolicyPrefix = "resource-policy/";

std::string user_key(std::string_view account, std::string_view user) {
  return std::string(account) + "/" + std::string(user);
}

bool needs_context(const Policy& policy) {
  for (const Statement& s : policy.statements) {
    if (!s.conditions.empty()) return true;
    for (const auto& r : s.resources) {
      if (r.find("${") != std::string::npos) return true;
    }
  }
  return false;
}

std::string encode_tags(const std::map<std::string, std::string>& tags) {
  std::string out;
  for (const auto& [k, v] : tags) out += k + "\t" + v + "\n";
  return out;
}

std::map<std::string, std::string> decode_tags(std::string_view text) {
  std::map<std::string, std::string> out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    const auto tab = line.find('\t');
    if (tab != std::string_view::npos) out[std::string(line.substr(0, tab))] = line.substr(tab + 1);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

// A stored policy, parsed. One that no longer parses (a document stored by a version of
// Cairn that accepted more) must not silently drop a Deny it may hold: it becomes a policy
// that denies everything, and the server says so.
std::shared_ptr<const Policy> parse_stored(const std::string& document, PolicyKind kind,
                                           const std::string& what) {
  try {
    return std::make_shared<const Policy>(Policy::parse(document, kind));
  } catch (const PolicyError& e) {
    std::cerr << "cairn: the stored " << what << " no longer parses (" << e.what()
              << "): it denies everything until it is replaced" << std::endl;
    return std::make_shared<const Policy>(Policy::parse(
        R"({"Statement":{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}})"));
  }
}

void check_account(std::string_view account) {
  if (!is_valid_account_id(account)) {
    throw PolicyError("Invalid account id: " + std::string(account) + " (12 digits)");
  }
}

}  // namespace

PolicyStore::PolicyStore(engine::AuthRecords& records) : records_(records) {
  std::set<std::string> users;
  for (const auto& [name, value] : records_.all()) {
    std::string_view n = name;
    if (n.substr(0, kUserPolicyPrefix.size()) == kUserPolicyPrefix) {
      n.remove_prefix(kUserPolicyPrefix.size());
      const auto last = n.rfind('/');
      if (last == std::string_view::npos) continue;
      user_documents_.emplace(std::string(n), value);
      users.emplace(n.substr(0, last));
    } else if (n.substr(0, kUserTagsPrefix.size()) == kUserTagsPrefix) {
      n.remove_prefix(kUserTagsPrefix.size());
      user_tags_.emplace(std::string(n), decode_tags(value));
      users.emplace(n);
    } else if (n.substr(0, kResourcePolicyPrefix.size()) == kResourcePolicyPrefix) {
      n.remove_prefix(kResourcePolicyPrefix.size());
      const auto newline = value.find('\n');
      if (newline == std::string::npos) continue;
      ResourcePolicy p{value.substr(newline + 1), value.substr(0, newline), nullptr};
      p.policy =
          parse_stored(p.document, PolicyKind::kResource, "resource policy of " + std::string(n));
      last_revision_ = std::max<int64_t>(last_revision_, std::atoll(p.revision_id.c_str()));
      resource_policies_.emplace(std::string(n),
                                 std::make_shared<const ResourcePolicy>(std::move(p)));
    }
  }
  for (const auto& u : users) rebuild_user(u);
  resource_policy_count_ = resource_policies_.size();
}

void PolicyStore::rebuild_user(const std::string& key) {
  auto built = std::make_shared<UserPolicies>();
  const std::string prefix = key + "/";
  for (auto it = user_documents_.lower_bound(prefix);
       it != user_documents_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    std::shared_ptr<const Policy> policy =
        parse_stored(it->second, PolicyKind::kIdentity, "policy " + it->first);
    built->needs_context = built->needs_context || needs_context(*policy);
    built->documents.push_back(policy.get());
    built->policies.push_back({it->first.substr(prefix.size()), it->second, std::move(policy)});
  }
  if (auto tags = user_tags_.find(key); tags != user_tags_.end()) built->tags = tags->second;
  if (built->policies.empty() && built->tags.empty()) {
    users_.erase(key);
  } else {
    users_[key] = std::move(built);
  }
}

void PolicyStore::put_user_policy(std::string_view account, std::string_view user,
                                  std::string_view name, std::string_view document) {
  check_account(account);
  if (!is_valid_iam_name(user)) throw PolicyError("Invalid user name: " + std::string(user));
  if (!is_valid_iam_name(name)) throw PolicyError("Invalid policy name: " + std::string(name));
  Policy::parse(document, PolicyKind::kIdentity);  // refuses what IAM would
  const std::string key = user_key(account, user);
  const std::string record = key + "/" + std::string(name);
  std::unique_lock lock(mu_);
  records_.put(std::string(kUserPolicyPrefix) + record, document);
  user_documents_[record] = std::string(document);
  rebuild_user(key);
}

bool PolicyStore::delete_user_policy(std::string_view account, std::string_view user,
                                     std::string_view name) {
  if (!is_valid_account_id(account) || !is_valid_iam_name(user) || !is_valid_iam_name(name)) {
    return false;
  }
  const std::string key = user_key(account, user);
  const std::string record = key + "/" + std::string(name);
  std::unique_lock lock(mu_);
  auto it = user_documents_.find(record);
  if (it == user_documents_.end()) return false;
  records_.remove(std::string(kUserPolicyPrefix) + record);
  user_documents_.erase(it);
  rebuild_user(key);
  return true;
}

void PolicyStore::set_user_tags(std::string_view account, std::string_view user,
                                std::map<std::string, std::string> tags) {
  check_account(account);
  if (!is_valid_iam_name(user)) throw PolicyError("Invalid user name: " + std::string(user));
  std::set<std::string> folded;
  for (const auto& [k, v] : tags) {
    // aws:PrincipalTag/<key> compares keys without case, so IAM refuses two that differ
    // only in case.
    std::string lower(k);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!folded.insert(lower).second) throw PolicyError("Duplicate tag key (case aside): " + k);
    if (k.empty() || k.size() > 128 || v.size() > 256 ||
        k.find_first_of("\t\n") != std::string::npos ||
        v.find_first_of("\t\n") != std::string::npos) {
      throw PolicyError("Invalid tag: " + k);
    }
  }
  const std::string key = user_key(account, user);
  std::unique_lock lock(mu_);
  if (tags.empty()) {
    records_.remove(std::string(kUserTagsPrefix) + key);
    user_tags_.erase(key);
  } else {
    records_.put(std::string(kUserTagsPrefix) + key, encode_tags(tags));
    user_tags_[key] = std::move(tags);
  }
  rebuild_user(key);
}

std::shared_ptr<const UserPolicies> PolicyStore::user(std::string_view account,
                                                      std::string_view user) const {
  thread_local std::string key;  // asked on every request: built without allocating
  key.clear();
  key.append(account).push_back('/');
  key.append(user);
  std::shared_lock lock(mu_);
  auto it = users_.find(key);
  return it == users_.end() ? nullptr : it->second;
}

std::map<std::string, std::shared_ptr<const UserPolicies>> PolicyStore::users() const {
  std::shared_lock lock(mu_);
  return {users_.begin(), users_.end()};
}

std::shared_ptr<const ResourcePolicy> PolicyStore::resource_policy(std::string_view arn) const {
  std::shared_lock lock(mu_);
  auto it = resource_policies_.find(arn);
  return it == resource_policies_.end() ? nullptr : it->second;
}

std::string PolicyStore::next_revision() {
  // Revision ids are times (microseconds), so that a later one compares greater, as
  // DynamoDB's do; strictly increasing even within one microsecond.
  const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  last_revision_ = std::max(now, last_revision_ + 1);
  return std::to_string(last_revision_);
}

std::variant<std::string, RevisionMismatch> PolicyStore::put_resource_policy(
    std::string_view arn, std::string_view document,
    const std::optional<std::string>& expected_revision) {
  auto parsed = std::make_shared<const Policy>(Policy::parse(document, PolicyKind::kResource));
  std::unique_lock lock(mu_);
  auto it = resource_policies_.find(arn);
  const std::optional<std::string> current =
      it == resource_policies_.end() ? std::nullopt : std::optional(it->second->revision_id);
  if (expected_revision) {
    const bool wants_none = *expected_revision == kNoPolicyRevision;
    if (wants_none ? current.has_value() : current != expected_revision) {
      return RevisionMismatch{current};
    }
  }
  // The same document again changes nothing (as on DynamoDB: the same revision).
  if (it != resource_policies_.end() && it->second->document == document) return *current;
  ResourcePolicy p{std::string(document), next_revision(), std::move(parsed)};
  records_.put(std::string(kResourcePolicyPrefix) + std::string(arn),
               p.revision_id + "\n" + p.document);
  const std::string revision = p.revision_id;
  resource_policies_[std::string(arn)] = std::make_shared<const ResourcePolicy>(std::move(p));
  resource_policy_count_ = resource_policies_.size();
  return revision;
}

std::variant<std::string, RevisionMismatch> PolicyStore::delete_resource_policy(
    std::string_view arn, const std::optional<std::string>& expected_revision) {
  std::unique_lock lock(mu_);
  auto it = resource_policies_.find(arn);
  if (it == resource_policies_.end()) return RevisionMismatch{};
  if (expected_revision && *expected_revision != it->second->revision_id) {
    return RevisionMismatch{it->second->revision_id};
  }
  std::string revision = it->second->revision_id;
  records_.remove(std::string(kResourcePolicyPrefix) + std::string(arn));
  resource_policies_.erase(it);
  resource_policy_count_ = resource_policies_.size();
  return revision;
}

void PolicyStore::forget_table(std::string_view table_arn) {
  std::unique_lock lock(mu_);
  const std::string streams = std::string(table_arn) + "/stream/";
  for (auto it = resource_policies_.begin(); it != resource_policies_.end();) {
    if (it->first == table_arn || it->first.compare(0, streams.size(), streams) == 0) {
      records_.remove(std::string(kResourcePolicyPrefix) + it->first);
      it = resource_policies_.erase(it);
    } else {
      ++it;
    }
  }
  resource_policy_count_ = resource_policies_.size();
}

}  // namespace cairn::auth
