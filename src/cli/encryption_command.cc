#include "cli/encryption_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "cli/encryption_key.h"
#include "engine/key_space.h"
#include "engine/key_space_format.h"
#include "storage/encryption_keyring.h"
#include "storage/rocksdb_store.h"

namespace cairn::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kUsage = R"(usage:
  cairn encryption-key --file FILE
      writes a new random master key (64 hex digits) to FILE, readable by its owner only
  cairn encrypt --data-dir DIR (--encryption-key-file FILE | --encryption-key-command CMD)
      rewrites an unencrypted data directory as an encrypted one (the server stopped)
  cairn decrypt --data-dir DIR (--encryption-key-file FILE | --encryption-key-command CMD)
      rewrites an encrypted data directory as an unencrypted one
  cairn rotate-master-key --data-dir DIR (--encryption-key-file OLD | --encryption-key-command CMD)
                          (--new-encryption-key-file NEW | --new-encryption-key-command CMD)
      re-wraps the directory's data key under a new master key; no data is rewritten
)";

[[noreturn]] void usage(const std::string& message) {
  std::cerr << "cairn: " << message << "\n\n" << kUsage;
  std::exit(2);
}

storage::RocksDbOptions store_options(const std::string& dir,
                                      const std::optional<std::string>& master_key) {
  storage::RocksDbOptions options{dir, false, false};
  options.bloom_prefix_length = engine::kPartitionPrefixBytes;
  options.master_key = master_key;
  return options;
}

// Copies every record of from into a new directory to, with or without encryption, then
// puts it in from's place. The old directory is removed once the new one is in place.
void convert(const std::string& dir, const std::optional<std::string>& from_key,
             const std::optional<std::string>& to_key) {
  const std::string target = dir + ".converting", old = dir + ".before-conversion";
  if (fs::exists(target) || fs::exists(old)) {
    throw std::runtime_error(target + " or " + old +
                             " exists: an earlier conversion did not finish; look at them first");
  }
  {
    storage::RocksDbStore source(store_options(dir, from_key));
    const mode_t previous = umask(077);
    fs::create_directories(target);
    umask(previous);
    storage::RocksDbStore destination(store_options(target, to_key));
    auto it = source.scan("", "");
    size_t copied = 0;
    for (it->seek_to_first(); it->valid(); it->next(), ++copied) {
      destination.put(it->key(), it->value());
    }
    destination.make_durable();
    std::cout << "copied " << copied << " records" << std::endl;
  }
  // What the server keeps beside the database (a --tls-self-signed certificate) moves too.
  if (fs::exists(fs::path(dir) / "tls"))
    fs::rename(fs::path(dir) / "tls", fs::path(target) / "tls");
  fs::rename(dir, old);
  fs::rename(target, dir);
  fs::remove_all(old);
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
      if (fs::exists(out_file)) throw std::runtime_error(out_file + " exists: not overwritten");
      const mode_t previous = umask(077);
      std::ofstream(out_file) << storage::new_master_key_hex() << "\n";
      umask(previous);
      std::cout << "a new encryption key is in " << out_file
                << " (keep a copy: without it the data cannot be read)" << std::endl;
      return 0;
    }
    auto key_from = [](const std::string& file,
                       const std::string& cmd) -> std::optional<std::string> {
      if (!file.empty()) return master_key_from_file(file);
      if (!cmd.empty()) return master_key_from_command(cmd);
      return master_key_from_environment();
    };
    const std::optional<std::string> key = key_from(key_file, key_command);
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
      const std::optional<std::string> fresh = key_from(new_file, new_command);
      if (!fresh || (new_file.empty() && new_command.empty())) {
        usage("rotate-master-key needs the new key (--new-encryption-key-file or -command)");
      }
      storage::rewrap_data_key(dir, *key, *fresh);
      std::cout << dir << "'s data key is now wrapped by the new master key" << std::endl;
    } else {
      usage("unknown command '" + std::string(command) + "'");
    }
  } catch (const std::exception& e) {
    const std::string what = e.what();
    std::cerr << "cairn " << command << ": "
              << (what.find("lock") != std::string::npos
                      ? dir + " is in use, most likely by a running server: stop it first"
                      : what)
              << std::endl;
    return 1;
  }
  return 0;
}

}  // namespace cairn::cli
