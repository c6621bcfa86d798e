#include "cli/data_dir_records.h"

#include "cli/encryption_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <stdexcept>

#include "engine/key_space.h"
#include "engine/key_space_format.h"
#include "storage/rocksdb_store.h"

namespace cairn::cli {

storage::RocksDbOptions data_dir_options(const std::string& dir,
                                         const std::optional<std::string>& master_key) {
  storage::RocksDbOptions options{dir, false, false};
  options.bloom_prefix_length = engine::kPartitionPrefixBytes;
  options.appended_prefix = engine::appended_key_prefix();
  options.master_key = master_key;
  return options;
}

bool is_held_by_another_process(const std::string& error) {
  // RocksDB: "IO error: While lock file: DIR/LOCK: Resource temporarily unavailable".
  return error.find("lock file") != std::string::npos && error.find("/LOCK") != std::string::npos;
}

void write_new_secret_file(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno) +
                             (errno == EEXIST ? " (not overwritten)" : ""));
  }
  const bool ok = ::fchmod(fd, 0600) == 0 &&
                  ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write " + path);
}

int with_auth_records(const std::string& data_dir, std::string_view command,
                      const std::function<void(engine::AuthRecords&)>& work) {
  try {
    // An encrypted directory opens with the key in the environment (CAIRN_ENCRYPTION_KEY).
    storage::RocksDbStore database(data_dir_options(data_dir, master_key_from_environment()));
    engine::AuthRecords records(engine::open_key_space(database));
    work(records);
  } catch (const std::exception& e) {
    const std::string what = e.what();
    if (is_held_by_another_process(what)) {
      std::cerr << "cairn " << command << ": " << data_dir
                << " is in use, most likely by a running server: stop it first" << std::endl;
    } else {
      std::cerr << "cairn " << command << ": " << what << std::endl;
    }
    return 1;
  }
  return 0;
}

}  // namespace cairn::cli
