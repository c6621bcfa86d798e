#include "auth/policy.h"

#include "auth/credential.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

namespace cairn::auth {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

char fold(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = fold(c);
  return out;
}

// A string, or a list of strings (IAM accepts either for Action, Resource, values...).
std::vector<std::string> strings_of(element e, std::string_view what) {
  std::vector<std::string> out;
  auto one = [&](element v) {
    if (v.type() == element_type::STRING) {
      out.emplace_back(v.get_string().value());
    } else if (v.type() == element_type::BOOL) {
      out.emplace_back(v.get_bool().value() ? "true" : "false");
    } else if (v.is_number()) {
      out.emplace_back(simdjson::minify(v));
    } else {
      throw PolicyError(std::string(what) + " must be a string or a list of strings");
    }
  };
  if (e.type() == element_type::ARRAY) {
    const auto list = e.get_array().value();
    for (element v : list) one(v);
  } else {
    one(e);
  }
  return out;
}

std::vector<ConditionClause> conditions_of(element e) {
  if (e.type() != element_type::OBJECT) throw PolicyError("Condition must be an object");
  std::vector<ConditionClause> out;
  const auto operators = e.get_object().value();
  for (auto [name, block] : operators) {
    if (block.type() != element_type::OBJECT) {
      throw PolicyError("Condition operator " + std::string(name) + " must map keys to values");
    }
    std::string op(name);
    ConditionClause::Set set = ConditionClause::Set::kSingle;
    if (op.rfind("ForAllValues:", 0) == 0) {
      set = ConditionClause::Set::kForAllValues;
      op.erase(0, 13);
    } else if (op.rfind("ForAnyValue:", 0) == 0) {
      set = ConditionClause::Set::kForAnyValue;
      op.erase(0, 12);
    }
    bool if_exists = false;
    if (op.size() > 8 && op.compare(op.size() - 8, 8, "IfExists") == 0) {
      if_exists = true;
      op.erase(op.size() - 8);
    }
    static const std::vector<std::string_view> kOperators = {"StringEquals",
                                                             "StringNotEquals",
                                                             "StringEqualsIgnoreCase",
                                                             "StringNotEqualsIgnoreCase",
                                                             "StringLike",
                                                             "StringNotLike",
                                                             "NumericEquals",
                                                             "NumericNotEquals",
                                                             "NumericLessThan",
                                                             "NumericLessThanEquals",
                                                             "NumericGreaterThan",
                                                             "NumericGreaterThanEquals",
                                                             "DateEquals",
                                                             "DateNotEquals",
                                                             "DateLessThan",
                                                             "DateLessThanEquals",
                                                             "DateGreaterThan",
                                                             "DateGreaterThanEquals",
                                                             "Bool",
                                                             "Null",
                                                             "ArnEquals",
                                                             "ArnLike",
                                                             "ArnNotEquals",
                                                             "ArnNotLike",
                                                             "IpAddress",
                                                             "NotIpAddress"};
    if (std::find(kOperators.begin(), kOperators.end(), op) == kOperators.end()) {
      throw PolicyError("Unknown condition operator: " + std::string(name));
    }
    const auto keys = block.get_object().value();
    for (auto [key, values] : keys) {
      out.push_back({op, set, if_exists, lowered(key), strings_of(values, "A condition value")});
    }
  }
  return out;
}

Statement statement_of(element e) {
  if (e.type() != element_type::OBJECT) throw PolicyError("Statement must be an object");
  Statement s;
  bool effect = false, action = false;
  const auto members = e.get_object().value();
  for (auto [name, value] : members) {
    if (name == "Effect") {
      std::string_view text;
      if (value.get_string().get(text) || (text != "Allow" && text != "Deny")) {
        throw PolicyError("Effect must be Allow or Deny");
      }
      s.allow = text == "Allow";
      effect = true;
    } else if (name == "Action" || name == "NotAction") {
      if (action) throw PolicyError("A statement has one of Action and NotAction");
      s.not_action = name == "NotAction";
      s.actions = strings_of(value, "Action");
      action = true;
    } else if (name == "Resource" || name == "NotResource") {
      s.not_resource = name == "NotResource";
      s.resources = strings_of(value, "Resource");
    } else if (name == "Principal" || name == "NotPrincipal") {
      s.has_principal = true;
      s.not_principal = name == "NotPrincipal";
      if (value.type() == element_type::OBJECT) {
        const auto kinds = value.get_object().value();
        for (auto [kind, who] : kinds) {
          for (auto& p : strings_of(who, "Principal")) s.principals.push_back(std::move(p));
        }
      } else {
        s.principals = strings_of(value, "Principal");
      }
    } else if (name == "Condition") {
      s.conditions = conditions_of(value);
    } else if (name != "Sid") {
      throw PolicyError("Unknown element in a statement: " + std::string(name));
    }
  }
  if (!effect) throw PolicyError("Missing required field Effect");
  if (!action) throw PolicyError("Missing required field Action");
  return s;
}

// Replaces ${key} with the request's (single) value of that key; ${*}, ${?} and ${$} are
// the characters themselves. An unknown key leaves the text unmatched (IAM: no match).
std::optional<std::string> with_variables(std::string_view text, const AccessRequest& request) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      const auto close = text.find('}', i);
      if (close == std::string_view::npos) return std::nullopt;
      const std::string key = lowered(text.substr(i + 2, close - i - 2));
      if (key == "*" || key == "?" || key == "$") {
        out.push_back(key[0] == '*' ? '\x01' : key[0] == '?' ? '\x02' : '$');
      } else {
        auto it = request.context.find(key);
        if (it == request.context.end() || it->second.size() != 1) return std::nullopt;
        out += it->second.front();
      }
      i = close;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// '\x01' and '\x02' (escaped wildcards, from ${*} and ${?}) match themselves literally.
bool match_from(std::string_view p, std::string_view t, bool ignore_case) {
  // Most patterns name one action or resource outright. (A loop, not find_first_of, which
  // calls memchr once per character.)
  const bool wild = std::any_of(p.begin(), p.end(), [](char c) {
    return c == '*' || c == '?' || c == '\x01' || c == '\x02';
  });
  if (!wild) {
    if (p.size() != t.size()) return false;
    if (!ignore_case) return p == t;
    for (size_t i = 0; i < p.size(); ++i) {
      if (fold(p[i]) != fold(t[i])) return false;
    }
    return true;
  }
  size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  auto same = [&](char a, char b) { return ignore_case ? fold(a) == fold(b) : a == b; };
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (pi < p.size() && (p[pi] == '?' || same(p[pi] == '\x01'   ? '*'
                                                      : p[pi] == '\x02' ? '?'
                                                                        : p[pi],
                                                      t[ti]))) {
      ++pi;
      ++ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

std::optional<double> number(std::string_view s) {
  const std::string text(s);
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') return std::nullopt;
  return v;
}

// ISO 8601 ("2026-12-07T00:53:20Z", fractional seconds allowed) or epoch seconds.
std::optional<double> date(std::string_view s) {
  if (auto n = number(s)) return n;
  std::tm tm{};
  const std::string text(s);
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!end) {
    end = strptime(text.c_str(), "%Y-%m-%d", &tm);
    if (!end) return std::nullopt;
  }
  double fraction = 0;
  if (*end == '.') fraction = std::strtod(end, const_cast<char**>(&end));
  if (*end == 'Z') ++end;
  if (*end != '\0') return std::nullopt;
  return static_cast<double>(timegm(&tm)) + fraction;
}

// a.b.c.d within a.b.c.d/n.
bool in_cidr(std::string_view ip, std::string_view cidr) {
  auto parse = [](std::string_view s, uint32_t& out) {
    uint32_t v = 0;
    int parts = 0;
    size_t i = 0;
    while (parts < 4) {
      uint32_t octet = 0;
      size_t digits = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 3) {
        octet = octet * 10 + static_cast<uint32_t>(s[i++] - '0');
        ++digits;
      }
      if (digits == 0 || octet > 255) return false;
      v = (v << 8) | octet;
      if (++parts < 4 && (i >= s.size() || s[i++] != '.')) return false;
    }
    out = v;
    return i == s.size();
  };
  const auto slash = cidr.find('/');
  uint32_t net = 0, addr = 0;
  if (!parse(cidr.substr(0, slash), net) || !parse(ip, addr)) return false;
  int bits = 32;
  if (slash != std::string_view::npos) {
    const auto n = number(cidr.substr(slash + 1));
    if (!n || *n < 0 || *n > 32) return false;
    bits = static_cast<int>(*n);
  }
  const uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (net & mask) == (addr & mask);
}

bool negated(std::string_view op) {
  return op == "StringNotEquals" || op == "StringNotEqualsIgnoreCase" || op == "StringNotLike" ||
         op == "NumericNotEquals" || op == "DateNotEquals" || op == "ArnNotEquals" ||
         op == "ArnNotLike" || op == "NotIpAddress";
}

// Whether one request value matches one policy value under a positive operator (the
// negated operators use their positive twin and invert the outcome).
bool value_matches(std::string_view op, std::string_view request_value,
                   std::string_view policy_value) {
  if (op == "StringEquals" || op == "StringNotEquals") return request_value == policy_value;
  if (op == "StringEqualsIgnoreCase" || op == "StringNotEqualsIgnoreCase") {
    return lowered(request_value) == lowered(policy_value);
  }
  if (op == "StringLike" || op == "StringNotLike" || op == "ArnLike" || op == "ArnNotLike") {
    return match_from(policy_value, request_value, false);
  }
  if (op == "ArnEquals" || op == "ArnNotEquals") return request_value == policy_value;
  if (op == "Bool") return lowered(request_value) == lowered(policy_value);
  if (op == "IpAddress" || op == "NotIpAddress") return in_cidr(request_value, policy_value);
  const bool numeric = op.rfind("Numeric", 0) == 0;
  const auto a = numeric ? number(request_value) : date(request_value);
  const auto b = numeric ? number(policy_value) : date(policy_value);
  if (!a || !b) return false;
  const std::string_view comparison = op.substr(numeric ? 7 : 4);
  if (comparison == "Equals" || comparison == "NotEquals") return *a == *b;
  if (comparison == "LessThan") return *a < *b;
  if (comparison == "LessThanEquals") return *a <= *b;
  if (comparison == "GreaterThan") return *a > *b;
  if (comparison == "GreaterThanEquals") return *a >= *b;
  return false;
}

bool clause_holds(const ConditionClause& c, const AccessRequest& request) {
  auto it = request.context.find(c.key);
  const bool present = it != request.context.end() && !it->second.empty();
  if (c.op == "Null") {
    const bool wants_absent = !c.values.empty() && lowered(c.values.front()) == "true";
    return wants_absent != present;
  }
  const bool negate = negated(c.op);
  std::vector<std::string> policy_values;
  for (const auto& v : c.values) {
    auto expanded = with_variables(v, request);
    if (expanded) policy_values.push_back(std::move(*expanded));
  }
  auto any_policy_value = [&](std::string_view request_value) {
    return std::any_of(policy_values.begin(), policy_values.end(),
                       [&](const std::string& v) { return value_matches(c.op, request_value, v); });
  };
  // One request value against the policy values, under the operator (negation included).
  auto holds_for = [&](std::string_view request_value) {
    return any_policy_value(request_value) != negate;
  };
  switch (c.set) {
    case ConditionClause::Set::kForAllValues:
      // Every value the request has must hold (vacuously true without any).
      if (!present) return true;
      return std::all_of(it->second.begin(), it->second.end(), holds_for);
    case ConditionClause::Set::kForAnyValue:
      if (!present) return c.if_exists;
      return std::any_of(it->second.begin(), it->second.end(), holds_for);
    case ConditionClause::Set::kSingle:
      break;
  }
  if (!present) return c.if_exists || negate;
  return holds_for(it->second.front());
}

bool statement_matches(const Statement& s, const AccessRequest& request) {
  const bool action_listed =
      std::any_of(s.actions.begin(), s.actions.end(),
                  [&](const std::string& a) { return match_from(a, request.action, true); });
  if (action_listed == s.not_action) return false;
  if (!s.resources.empty()) {
    const bool resource_listed =
        std::any_of(s.resources.begin(), s.resources.end(), [&](const std::string& r) {
          if (r.find('$') == std::string::npos) return match_from(r, request.resource, false);
          auto expanded = with_variables(r, request);
          return expanded && match_from(*expanded, request.resource, false);
        });
    if (resource_listed == s.not_resource) return false;
  }
  if (s.has_principal) {
    const std::string root = user_arn(request.principal_account, kRootUser);
    const bool is_root = request.principal_arn == root;
    const bool named =
        std::any_of(s.principals.begin(), s.principals.end(), [&](const std::string& p) {
          if (p == "*" || p == request.principal_arn) return true;
          // Naming the account (its id or its root ARN) grants its root user only: IAM
          // leaves the account's users to their identity policies then. A deny that names
          // the account holds for all of them.
          const bool names_account = p == request.principal_account || p == root;
          return names_account && (is_root || !s.allow);
        });
    if (named == s.not_principal) return false;
  }
  return std::all_of(s.conditions.begin(), s.conditions.end(),
                     [&](const ConditionClause& c) { return clause_holds(c, request); });
}

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view text, bool ignore_case) {
  return match_from(pattern, text, ignore_case);
}

Policy Policy::parse(std::string_view json) {
  simdjson::dom::parser parser;
  element doc;
  if (parser.parse(json.data(), json.size()).get(doc) || doc.type() != element_type::OBJECT) {
    throw PolicyError("This policy contains invalid Json");
  }
  Policy policy;
  bool has_statement = false;
  const auto members = doc.get_object().value();
  for (auto [name, value] : members) {
    if (name == "Statement") {
      has_statement = true;
      if (value.type() == element_type::ARRAY) {
        const auto list = value.get_array().value();
        for (element s : list) policy.statements.push_back(statement_of(s));
      } else {
        policy.statements.push_back(statement_of(value));
      }
    } else if (name == "Version") {
      std::string_view v;
      if (value.get_string().get(v) || (v != "2012-10-17" && v != "2008-10-17")) {
        throw PolicyError("The policy must contain a valid version string");
      }
    } else if (name != "Id") {
      throw PolicyError("Unknown element in a policy: " + std::string(name));
    }
  }
  if (!has_statement || policy.statements.empty()) {
    throw PolicyError("Could not parse the policy: Statement is empty!");
  }
  return policy;
}

Policy Policy::parse(std::string_view json, PolicyKind kind) {
  Policy policy = parse(json);
  for (const Statement& s : policy.statements) {
    if (kind == PolicyKind::kIdentity && s.has_principal) {
      throw PolicyError("Policy document should not specify a principal.");
    }
    if (kind == PolicyKind::kResource && !s.has_principal) {
      throw PolicyError("Policy statement must contain a principal.");
    }
  }
  return policy;
}

Decision evaluate(const std::vector<const Policy*>& policies, const AccessRequest& request) {
  bool allowed = false;
  for (const Policy* policy : policies) {
    for (const Statement& s : policy->statements) {
      if (!statement_matches(s, request)) continue;
      if (!s.allow) return Decision::kExplicitDeny;
      allowed = true;
    }
  }
  return allowed ? Decision::kAllow : Decision::kImplicitDeny;
}

}  // namespace cairn::auth
