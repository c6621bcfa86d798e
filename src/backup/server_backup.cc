#include "backup/server_backup.h"

#include <filesystem>
#include <fstream>
#include <mutex>
#include <system_error>

#include "model/api_error.h"
#include "model/clock.h"
#include "storage/encryption_keyring.h"
#include "storage/kv_store.h"

namespace cairn::backup {
namespace {

namespace fs = std::filesystem;

// The files of a snapshot are never changed once written: a hard link is as good as a copy,
// and free. Across file systems, a copy.
void link_or_copy_tree(const fs::path& from, const fs::path& to, ServerBackupResult& result) {
  fs::create_directories(to);
  fs::permissions(to, fs::perms::owner_all, fs::perm_options::replace);
  for (const auto& entry : fs::recursive_directory_iterator(from)) {
    const fs::path target = to / fs::relative(entry.path(), from);
    if (entry.is_directory()) {
      fs::create_directories(target);
      continue;
    }
    if (!entry.is_regular_file()) continue;
    std::error_code linked;
    fs::create_hard_link(entry.path(), target, linked);
    if (linked) fs::copy_file(entry.path(), target);
    ++result.files;
    result.bytes += static_cast<int64_t>(entry.file_size());
  }
}

}  // namespace

ServerBackup::ServerBackup(engine::Engine& engine, std::string data_dir,
                           std::vector<std::string> side_dirs, bool on_disk)
    : engine_(engine),
      data_dir_(std::move(data_dir)),
      side_dirs_(std::move(side_dirs)),
      on_disk_(on_disk) {}

ServerBackupResult ServerBackup::back_up(const std::string& target) {
  if (!on_disk_) {
    throw ApiError::validation("The server keeps its data in memory: there is nothing to back up");
  }
  const fs::path to(target);
  if (!to.is_absolute()) throw ApiError::validation("Directory must be an absolute path");
  std::error_code ec;
  if (fs::exists(to, ec)) {
    if (!fs::is_directory(to) || !fs::is_empty(to)) {
      throw ApiError::validation("Directory " + target + " exists and is not empty");
    }
    fs::remove(to);  // the snapshot makes it
  }
  ServerBackupResult result;
  try {
    engine_.store().write_snapshot(target);
    for (const auto& entry : fs::directory_iterator(to)) {
      if (entry.is_regular_file()) {
        ++result.files;
        result.bytes += static_cast<int64_t>(entry.file_size());
      }
    }
    for (const std::string& side : side_dirs_) {
      const fs::path from(side);
      if (fs::is_directory(from))
        link_or_copy_tree(from, to / fs::relative(from, data_dir_), result);
    }
    const fs::path keyring = fs::path(data_dir_) / storage::kKeyringFileName;
    if (fs::exists(keyring)) {
      fs::copy_file(keyring, to / storage::kKeyringFileName);
      ++result.files;
    }
    std::ofstream marker(to / kServerBackupMarker);
    marker << "Cairn server backup\ncreated " << iso8601_utc_ms(now_ms()) << "\nfrom "
           << fs::absolute(data_dir_).string() << "\n";
    if (!marker.flush())
      throw std::runtime_error("cannot write " + (to / kServerBackupMarker).string());
  } catch (const ApiError&) {
    fs::remove_all(to, ec);
    throw;
  } catch (const std::exception& e) {
    fs::remove_all(to, ec);
    throw ApiError::internal(std::string("The backup failed: ") + e.what());
  }
  return result;
}

}  // namespace cairn::backup
