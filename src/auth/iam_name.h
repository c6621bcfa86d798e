// IAM's rules for the names Cairn keeps as IAM does: users and policies ([\w+=,.@-]+, at
// most 128 characters) and accounts (12 digits). One check each, for the commands, the admin
// API and the stores alike.
#pragma once

#include <string_view>

namespace cairn::auth {

bool is_valid_iam_name(std::string_view name);
bool is_valid_account_id(std::string_view account);

}  // namespace cairn::auth
