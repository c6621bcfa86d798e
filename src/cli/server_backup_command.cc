#include "cli/server_backup_command.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "backup/server_backup.h"
#include "cli/admin_client.h"

namespace cairn::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kUsage = R"(usage: cairn backup --to DIR [--endpoint URL] [--region NAME]
       cairn restore --from DIR --data-dir NEW

backup    the whole of a running server (every table and its indexes, streams, settings,
          keys and policies, on-demand backups and recovery bases), consistent as of one
          moment and without stopping writes, into DIR, a new directory (an absolute path
          on the server's machine; on the server's file system, files are hard-linked
          rather than copied). Through the admin API, as the root user whose credentials
          are in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (--auth sigv4 servers only).
restore   makes NEW, a new or empty directory, a copy of the backup in DIR, for
          `cairn serve --data-dir NEW` (with the same --encryption-key-file, if the server
          that was backed up had one).

options:
  --endpoint URL    the server (default http://localhost:8000; https:// with AWS_CA_BUNDLE
                    naming a private CA)
  --region NAME     the server's region (default $AWS_REGION, us-east-1)
)";

[[noreturn]] void usage(const std::string& command, const std::string& message) {
  std::cerr << "cairn " << command << ": " << message << "\n\n" << kUsage;
  std::exit(2);
}

// A progress bar on a terminal (nothing otherwise): done of total bytes.
void show_progress(uint64_t done, uint64_t total) {
  static const bool terminal = ::isatty(STDERR_FILENO) != 0;
  if (!terminal || total == 0) return;
  constexpr int kWidth = 40;
  const int filled = static_cast<int>(kWidth * done / total);
  std::cerr << "\r[" << std::string(static_cast<size_t>(filled), '#')
            << std::string(static_cast<size_t>(kWidth - filled), ' ') << "] "
            << (100 * done / total) << "% " << (done >> 20) << " of " << (total >> 20) << " MB"
            << std::flush;
  if (done == total) std::cerr << "\n";
}

// The bytes under dir (0 while it is not there): what a backup under way has written.
uint64_t bytes_under(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) total += it->file_size(size_ec);
  }
  return total;
}

int back_up(const std::string& to, const std::string& endpoint, const std::string& region) {
  if (to.empty()) usage("backup", "--to DIR is required");
  const std::string target = fs::absolute(to).lexically_normal().string();
  try {
    const AdminClient admin(endpoint, region);
    std::cerr << "backing up " << endpoint << " into " << target << "..." << std::endl;
    // The server writes the backup; on a terminal, while it does, the bytes it has written
    // so far (when DIR is on this machine, as it usually is) show that it moves.
    std::atomic<bool> done{false};
    std::thread progress;
    if (::isatty(STDERR_FILENO) != 0) {
      progress = std::thread([&] {
        while (!done.load()) {
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
          if (done.load()) break;
          std::cerr << "\r" << (bytes_under(target) >> 20) << " MB written" << std::flush;
        }
      });
    }
    std::string answer;
    try {
      answer = admin.call("BackupServer", "{\"Directory\":" + json_quoted(target) + "}");
    } catch (...) {
      done = true;
      if (progress.joinable()) progress.join();
      throw;
    }
    done = true;
    if (progress.joinable()) {
      progress.join();
      std::cerr << "\r" << (bytes_under(target) >> 20) << " MB written\n";
    }
    std::cout << answer << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "cairn backup: " << e.what() << "\n";
    return 1;
  }
}

int restore(const std::string& from, const std::string& data_dir) {
  if (from.empty()) usage("restore", "--from DIR is required");
  if (data_dir.empty()) usage("restore", "--data-dir NEW is required");
  const fs::path source(from), target(data_dir);
  if (!fs::exists(source / backup::kServerBackupMarker)) {
    std::cerr << "cairn restore: " << from << " is not a server backup (cairn backup makes one)\n";
    return 1;
  }
  std::error_code ec;
  if (fs::exists(target, ec) && (!fs::is_directory(target) || !fs::is_empty(target))) {
    std::cerr << "cairn restore: " << data_dir
              << " exists and is not empty: restore into a new directory\n";
    return 1;
  }
  try {
    std::vector<fs::path> files;
    uint64_t total = 0;
    for (const auto& entry : fs::recursive_directory_iterator(source)) {
      if (entry.is_regular_file() && entry.path().filename() != backup::kServerBackupMarker) {
        files.push_back(entry.path());
        total += entry.file_size();
      }
    }
    fs::create_directories(target);
    fs::permissions(target, fs::perms::owner_all, fs::perm_options::replace);
    uint64_t done = 0;
    for (const fs::path& file : files) {
      const fs::path to = target / fs::relative(file, source);
      fs::create_directories(to.parent_path());
      fs::permissions(to.parent_path(), fs::perms::owner_all, fs::perm_options::replace);
      fs::copy_file(file, to);
      fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write,
                      fs::perm_options::replace);
      done += fs::file_size(file);
      show_progress(done, total);
    }
    std::cout << "restored " << files.size() << " files (" << (total >> 20) << " MB) into "
              << data_dir << "; start it with: cairn serve --data-dir " << data_dir << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "cairn restore: " << e.what() << "\n";
    fs::remove_all(target, ec);
    return 1;
  }
}

}  // namespace

int run_server_backup_command(int argc, char** argv) {
  const std::string command = argv[1];
  std::string to, from, data_dir, region;
  std::string endpoint = "http://localhost:8000";
  for (int i = 2; i < argc; ++i) {
    const std::string_view flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(command, std::string(flag) + " needs a value");
      return argv[++i];
    };
    if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (flag == "--to" && command == "backup") {
      to = value();
    } else if (flag == "--endpoint" && command == "backup") {
      endpoint = value();
    } else if (flag == "--region" && command == "backup") {
      region = value();
    } else if (flag == "--from" && command == "restore") {
      from = value();
    } else if (flag == "--data-dir" && command == "restore") {
      data_dir = value();
    } else {
      usage(command, "unknown option " + std::string(flag));
    }
  }
  return command == "backup" ? back_up(to, endpoint, region) : restore(from, data_dir);
}

}  // namespace cairn::cli
