// The policies the server enforces: identity policies attached to users (by name, as IAM's
// inline user policies), the tags of users (aws:PrincipalTag), and DynamoDB's resource-based
// policies of tables and streams (with the revision ids PutResourcePolicy hands out). Kept in
// memory for evaluation, stored durably through the engine's AuthRecords, under names that
// cannot collide with an access key id (they contain '/', which an id may not).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "auth/policy.h"
#include "engine/auth_records.h"

namespace cairn::auth {

// DynamoDB's limit on a resource-based policy (whitespace counts); IAM's on a user's inline
// policies is 2048 characters each for the aggregate, which Cairn does not impose.
constexpr size_t kMaxResourcePolicyBytes = 20 * 1024;
// The ExpectedRevisionId that asks for no policy to be attached yet.
constexpr std::string_view kNoPolicyRevision = "NO_POLICY";

struct NamedPolicy {
  std::string name;
  std::string document;
  std::shared_ptr<const Policy> policy;
};

// What evaluating a user's request needs: the user's policies and tags, shared (a request
// copies the pointer, not the policies).
struct UserPolicies {
  std::vector<NamedPolicy> policies;
  std::vector<const Policy*> documents;     // the policies' parsed documents, for evaluate()
  std::map<std::string, std::string> tags;  // tag key (as given) -> value
  bool needs_context = false;               // some policy has a Condition or a variable
};

struct ResourcePolicy {
  std::string document;
  std::string revision_id;
  std::shared_ptr<const Policy> policy;
};

// Why a conditional resource policy write failed (PolicyNotFoundException's cases).
struct RevisionMismatch {
  std::optional<std::string> current;  // the attached policy's revision, if any
};

class PolicyStore {
 public:
  explicit PolicyStore(engine::AuthRecords& records);

  // Identity policies. put replaces a policy of the same name; throws PolicyError.
  void put_user_policy(std::string_view account, std::string_view user, std::string_view name,
                       std::string_view document);
  bool delete_user_policy(std::string_view account, std::string_view user, std::string_view name);
  void set_user_tags(std::string_view account, std::string_view user,
                     std::map<std::string, std::string> tags);
  // The user's policies and tags, or nullptr when the user has none of either.
  std::shared_ptr<const UserPolicies> user(std::string_view account, std::string_view user) const;
  // Every user with policies or tags: "account/user" -> them.
  std::map<std::string, std::shared_ptr<const UserPolicies>> users() const;

  // Resource-based policies, by the table's or stream's ARN.
  bool has_resource_policies() const { return resource_policy_count_.load() > 0; }
  // Shared, not copied: every request on a resource with a policy looks it up.
  std::shared_ptr<const ResourcePolicy> resource_policy(std::string_view arn) const;
  // Attaches a policy (throws PolicyError); expected_revision: the revision that must be
  // attached now ("NO_POLICY": none). Returns the new revision id, or the mismatch.
  std::variant<std::string, RevisionMismatch> put_resource_policy(
      std::string_view arn, std::string_view document,
      const std::optional<std::string>& expected_revision);
  // Detaches it; the removed revision, or the mismatch (also when there is none).
  std::variant<std::string, RevisionMismatch> delete_resource_policy(
      std::string_view arn, const std::optional<std::string>& expected_revision);
  // Drops the policies of a deleted table: its own and its streams'.
  void forget_table(std::string_view table_arn);

 private:
  void rebuild_user(const std::string& user_key);
  std::string next_revision();

  engine::AuthRecords& records_;
  mutable std::shared_mutex mu_;
  // Stored documents, by record name.
  std::map<std::string, std::string, std::less<>> user_documents_;  // "acct/user/name"
  std::map<std::string, std::map<std::string, std::string>, std::less<>> user_tags_;
  std::map<std::string, std::shared_ptr<const UserPolicies>, std::less<>> users_;
  std::map<std::string, std::shared_ptr<const ResourcePolicy>, std::less<>> resource_policies_;
  std::atomic<size_t> resource_policy_count_{0};
  int64_t last_revision_ = 0;
};

}  // namespace cairn::auth
