// What the offline commands (cairn keys, cairn policies) share: opening a data directory's
// authentication records while no server holds it.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "engine/auth_records.h"

namespace cairn::cli {

// Runs work with the records of data_dir; a failure (std::exception) is reported as
// "cairn <command>: ...", a directory held by a running server as such. Returns the exit
// status.
int with_auth_records(const std::string& data_dir, std::string_view command,
                      const std::function<void(engine::AuthRecords&)>& work);

}  // namespace cairn::cli
