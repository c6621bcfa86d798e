// Where the master key of encryption at rest comes from: a file (--encryption-key-file), a
// command whose standard output is the key (--encryption-key-command, the way a KMS or a
// secret manager plugs in), or the environment (CAIRN_ENCRYPTION_KEY). The forms a key is
// written in are storage::parse_master_key's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cairn::cli {

std::string master_key_from_file(const std::string& path);
std::string master_key_from_command(const std::string& command);
// CAIRN_ENCRYPTION_KEY, if set.
std::optional<std::string> master_key_from_environment();
// From the file if named, else the command if named, else the environment: the one order
// every command takes them in.
std::optional<std::string> master_key_from(const std::string& file, const std::string& command);

}  // namespace cairn::cli
