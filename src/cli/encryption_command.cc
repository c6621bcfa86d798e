#include "cli/encryption_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "cli/data_dir_records.h"
#include "cli/encryption_key.h"
#include "storage/encryption_keyring.h"
#include "storage/rocksdb_store.h"

namespace cairn::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kUsage = R"(usage:
  cairn encryption-key --file FILE
      writes a new random master key (64 hex digits) to a new FILE, readable by its owner only
  cairn encrypt --data-dir DIR (--encryption-key-file FILE | --encryption-key-command CMD)
      rewrites an unencrypted data directory as an encrypted one (the server stopped)
  cairn decrypt --data-dir DIR (--encryption-key-file FILE | --encryption-key-command CMD)
      rewrites an encrypted data directory as an unencrypted one
  cairn rotate-master-key --data-dir DIR (--encryption-key-file OLD | --encryption-key-command CMD)
                          (--new-encryption-key-file NEW | --new-encryption-key-command CMD)
      re-wraps the directory's data key under a new master key; no data is rewritten
(without a key option, CAIRN_ENCRYPTION_KEY)
)";

[[noreturn]] void usage(const std::string& message) {
  std::cerr << "cairn: " << message << "\n\n" << kUsage;
  std::exit(2);
}

size_t count_records(storage::RocksDbStore& store) {
  size_t n = 0;
  auto it = store.scan("", "");
  for (it->seek_to_first(); it->valid(); it->next()) ++n;
  return n;
}

// Copies every record of dir into a new directory of the other kind (with or without
// encryption), checks the copy, and only then swaps the two (one atomic exchange) and removes
// the old one. A crash before the exchange leaves dir as it was (and DIR.converting, which
// the next conversion reports); after it, the new directory is in place.
void convert(const std::string& dir_given, const std::optional<std::string>& from_key,
             const std::optional<std::string>& to_key) {
  fs::path path = fs::path(dir_given).lexically_normal();
  if (path.filename().empty()) path = path.parent_path();  // "data/" is "data"
  const std::string dir = path.string(), target = dir + ".converting";
  if (fs::exists(target)) {
    throw std::runtime_error(target +
                             " exists: an earlier conversion did not finish; look at it (the "
                             "data directory itself is unchanged) and remove it");
  }
  // Backups' snapshots are files of the old form (decision 0030): converting them is not
  // done yet, and leaving them would make every restore fail.
  if (fs::exists(path / "backups") && !fs::is_empty(path / "backups")) {
    throw std::runtime_error(dir + " holds backups (" + (path / "backups").string() +
                             "): delete them (DeleteBackup) before converting the directory");
  }
  // Database snapshots (the admin API's) likewise.
  if (fs::exists(path / "snapshots") && !fs::is_empty(path / "snapshots")) {
    throw std::runtime_error(dir + " holds database snapshots (" + (path / "snapshots").string() +
                             "): delete them (cairn snapshot delete) before converting the "
                             "directory");
  }
  size_t copied = 0;
  {
    storage::RocksDbStore source(data_dir_options(dir, from_key));
    const mode_t previous = umask(077);
    fs::create_directories(target);
    umask(previous);
    storage::RocksDbOptions options = data_dir_options(target, to_key);
    options.sync = true;  // make_durable() below fsyncs the copy's log
    storage::RocksDbStore destination(options);
    auto it = source.scan("", "");
    for (it->seek_to_first(); it->valid(); it->next(), ++copied) {
      destination.put(it->key(), it->value());
    }
    destination.make_durable();
  }
  {
    storage::RocksDbStore check(data_dir_options(target, to_key));
    const size_t found = count_records(check);
    if (found != copied) {
      throw std::runtime_error("the copy in " + target + " holds " + std::to_string(found) +
                               " records, not " + std::to_string(copied) + ": " + dir +
                               " is unchanged");
    }
  }
  // What the server keeps beside the database (a --tls-self-signed certificate) goes along.
  if (fs::exists(path / "tls")) fs::rename(path / "tls", fs::path(target) / "tls");
  if (::renameat2(AT_FDCWD, dir.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
    throw std::runtime_error("cannot swap " + target + " into place: " + std::strerror(errno));
  }
  const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  fs::remove_all(target);  // now the old directory
  std::cout << "copied " << copied << " records" << std::endl;
}

}  // namespace

int run_encryption_command(int argc, char** argv) {
  const std::string_view command = argv[1];
  std::string dir = "./cairn-data", key_file, key_command, new_file, new_command, out_file;
  for (int i = 2; i < argc; ++i) {
    const std::string_view flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(std::string(flag) + " needs a value");
      return argv[++i];
    };
    if (flag == "--data-dir") {
      dir = value();
    } else if (flag == "--encryption-key-file") {
      key_file = value();
    } else if (flag == "--encryption-key-command") {
      key_command = value();
    } else if (flag == "--new-encryption-key-file") {
      new_file = value();
    } else if (flag == "--new-encryption-key-command") {
      new_command = value();
    } else if (flag == "--file") {
      out_file = value();
    } else if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      usage("unknown option '" + std::string(flag) + "'");
    }
  }
  try {
    if (command == "encryption-key") {
      if (out_file.empty()) usage("encryption-key needs --file");
      write_new_secret_file(out_file, storage::new_master_key_hex() + "\n");
      std::cout << "a new encryption key is in " << out_file
                << " (keep a copy: without it the data cannot be read)" << std::endl;
      return 0;
    }
    const std::optional<std::string> key = master_key_from(key_file, key_command);
    if (!key) usage(std::string(command) + " needs the encryption key");
    if (!fs::is_directory(dir)) throw std::runtime_error("no data directory at " + dir);
    if (command == "encrypt") {
      if (storage::is_encrypted_dir(dir)) throw std::runtime_error(dir + " is encrypted already");
      convert(dir, std::nullopt, key);
      std::cout << dir << " is encrypted" << std::endl;
    } else if (command == "decrypt") {
      if (!storage::is_encrypted_dir(dir)) throw std::runtime_error(dir + " is not encrypted");
      convert(dir, key, std::nullopt);
      std::cout << dir << " is no longer encrypted" << std::endl;
    } else if (command == "rotate-master-key") {
      if (new_file.empty() && new_command.empty()) {
        usage("rotate-master-key needs the new key (--new-encryption-key-file or -command)");
      }
      storage::rewrap_data_key(dir, *key, *master_key_from(new_file, new_command));
      std::cout << dir << "'s data key is now wrapped by the new master key" << std::endl;
    } else {
      usage("unknown command '" + std::string(command) + "'");
    }
  } catch (const std::exception& e) {
    const std::string what = e.what();
    std::cerr << "cairn " << command << ": "
              << (is_held_by_another_process(what)
                      ? dir + " is in use, most likely by a running server: stop it first"
                      : what)
              << std::endl;
    return 1;
  }
  return 0;
}

}  // namespace cairn::cli
