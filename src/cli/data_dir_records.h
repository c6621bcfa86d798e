// What the offline commands (cairn keys, cairn policies) share: opening a data directory's
// authentication records while no server holds it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/auth_records.h"
#include "storage/rocksdb_store.h"

namespace cairn::cli {

// How the offline commands open a data directory (the server adds its own settings).
storage::RocksDbOptions data_dir_options(const std::string& dir,
                                         const std::optional<std::string>& master_key);

// Whether a storage error says another process (a running server) holds the directory.
bool is_held_by_another_process(const std::string& error);

// Writes a new file readable by its owner only (0600), refusing to replace one, and checks
// that every byte reached the disk.
void write_new_secret_file(const std::string& path, const std::string& text);

// Runs work with the records of data_dir; a failure (std::exception) is reported as
// "cairn <command>: ...", a directory held by a running server as such. Returns the exit
// status.
int with_auth_records(const std::string& data_dir, std::string_view command,
                      const std::function<void(engine::AuthRecords&)>& work);

}  // namespace cairn::cli
