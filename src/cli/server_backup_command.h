// cairn backup / cairn restore: the whole server into a directory, online (through the
// running server's admin API), and a data directory made from such a backup, offline.
#pragma once

namespace cairn::cli {

// argv[1] is "backup" or "restore". Returns the exit status.
int run_server_backup_command(int argc, char** argv);

}  // namespace cairn::cli
