// `cairn keys ...`: the access keys of a data directory, managed while no server holds it.
#pragma once

namespace cairn::cli {

// argv[1] is "keys". Returns the process's exit code.
int run_keys_command(int argc, char** argv);

}  // namespace cairn::cli
