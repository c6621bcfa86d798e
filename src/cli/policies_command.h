// cairn policies: the identity policies and tags of a data directory's users.
#pragma once

namespace cairn::cli {

// argv[1] is "policies". Returns the exit status.
int run_policies_command(int argc, char** argv);

}  // namespace cairn::cli
