#include "auth/iam_name.h"

namespace cairn::auth {

bool is_valid_iam_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    const bool word =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!word && std::string_view("+=,.@-").find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool is_valid_account_id(std::string_view account) {
  if (account.size() != 12) return false;
  for (char c : account) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace cairn::auth
