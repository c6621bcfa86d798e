// The offline commands of encryption at rest (the server must be stopped):
//   cairn encryption-key --file F       a new random master key, written 0600
//   cairn encrypt --data-dir D ...      an unencrypted data directory becomes an encrypted one
//   cairn decrypt --data-dir D ...      and back
//   cairn rotate-master-key ...         the data key re-wrapped under a new master key
#pragma once

namespace cairn::cli {

// argv[1] names the command. Returns the exit status.
int run_encryption_command(int argc, char** argv);

}  // namespace cairn::cli
