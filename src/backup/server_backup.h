// The whole server, online and consistent, into a new directory (`cairn backup --to DIR`,
// through the admin API): a storage snapshot of the database (RocksDB's checkpoint: hard
// links where the directory is on the same file system, copies elsewhere), the snapshots
// of on-demand backups and recovery bases beside it, and the encryption keyring when the
// data is encrypted (the files stay encrypted: the backup opens with the same master key).
// The directory is a data directory: `cairn restore --from DIR --data-dir NEW` copies it
// into place for a server to start on (cli/server_restore.*).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace cairn::backup {

// The file that marks a directory as a whole-server backup.
constexpr const char* kServerBackupMarker = "CAIRN-SERVER-BACKUP";

struct ServerBackupResult {
  int64_t files = 0;
  int64_t bytes = 0;
};

class ServerBackup {
 public:
  // data_dir: the server's data directory; side_dirs: the directories under it that hold
  // snapshots of their own (backups, recovery bases), copied with the database.
  ServerBackup(engine::Engine& engine, std::string data_dir, std::vector<std::string> side_dirs,
               bool on_disk);

  // Throws ApiError (ValidationException): the server keeps its data in memory; target is
  // not an absolute path, or exists and is not an empty directory. Anything half made is
  // removed when the backup fails.
  ServerBackupResult back_up(const std::string& target);

 private:
  engine::Engine& engine_;
  std::string data_dir_;
  std::vector<std::string> side_dirs_;
  bool on_disk_;
};

}  // namespace cairn::backup
