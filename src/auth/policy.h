// IAM policies, evaluated as IAM evaluates them: a request is allowed only when some
// statement allows it and none denies it (an explicit deny wins; no statement is an
// implicit deny). A statement matches by Action/NotAction (case-insensitive wildcards),
// Resource/NotResource (case-sensitive wildcards, with policy variables such as
// ${aws:username}), Principal/NotPrincipal (resource-based policies) and Condition: every
// operator block must hold, every key within it must hold, and a key holds when the request
// has one of the listed values (the negated operators: none of them). ForAllValues: and
// ForAnyValue: compare multi-valued keys (dynamodb:LeadingKeys, dynamodb:Attributes);
// ...IfExists holds when the key is absent; Null tests absence.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::auth {

// A policy document IAM would refuse; the message is the reason.
class PolicyError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct ConditionClause {
  std::string op;  // e.g. "StringEquals", without the set prefix and IfExists suffix
  enum class Set { kSingle, kForAllValues, kForAnyValue } set = Set::kSingle;
  bool if_exists = false;
  std::string key;  // lower-cased: condition keys are case-insensitive
  std::vector<std::string> values;
};

struct Statement {
  bool allow = false;
  bool not_action = false;
  std::vector<std::string> actions;
  bool not_resource = false;
  std::vector<std::string> resources;  // empty with no Resource element (resource policies)
  bool has_principal = false;
  bool not_principal = false;
  std::vector<std::string> principals;  // "*" or principal ARNs / account ids
  std::vector<ConditionClause> conditions;
};

// Where a policy is attached: to a user (an identity policy, which names no Principal, as
// IAM requires) or to a resource (whose every statement names its Principal).
enum class PolicyKind { kIdentity, kResource };

struct Policy {
  std::vector<Statement> statements;
  // Parses a policy document (JSON in IAM's grammar). Throws PolicyError.
  static Policy parse(std::string_view json);
  // Parses one for that place, with IAM's rule about Principal. Throws PolicyError.
  static Policy parse(std::string_view json, PolicyKind kind);
};

// What a request asks, as a policy sees it: who, which action, on which resource, and the
// request's condition keys (lower-cased names; a multi-valued key has several values).
struct AccessRequest {
  std::string principal_arn;  // arn:aws:iam::<account>:user/<name>
  std::string principal_account;
  std::string action;    // "dynamodb:GetItem"
  std::string resource;  // the table's, index's or stream's ARN
  std::map<std::string, std::vector<std::string>> context;
};

enum class Decision { kImplicitDeny, kAllow, kExplicitDeny };

// The decision of these policies together (identity-based and resource-based alike).
Decision evaluate(const std::vector<const Policy*>& policies, const AccessRequest& request);

// IAM's wildcard match: '*' any run of characters, '?' any one.
bool wildcard_match(std::string_view pattern, std::string_view text, bool ignore_case);

}  // namespace cairn::auth
