// `cairn snapshot create|reset|list|delete`: the admin API's snapshots of the whole
// database (api/database_snapshot_ops.cc) from a shell, for test suites that put a running
// server back to a known state between tests.
#pragma once

namespace cairn::cli {

// argv[1] is "snapshot". Returns the process's exit status.
int run_snapshot_command(int argc, char** argv);

}  // namespace cairn::cli
