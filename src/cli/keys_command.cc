#include "cli/keys_command.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/credential_store.h"
#include "cli/data_dir_records.h"
#include "engine/auth_records.h"

namespace cairn::cli {
namespace {

constexpr std::string_view kUsage = R"(usage: cairn keys COMMAND [options]

Manages the access keys of a data directory (stop the server first).

commands:
  create            a new key; prints its id and secret (shown only now)
  list              every key: id, account, user, status, creation time
  disable ID        the key stops working (enable ID undoes it)
  enable ID
  delete ID
  rotate ID         a new key for the same user; the old one is disabled

options:
  --data-dir DIR    the data directory (default ./cairn-data)
  --account ID      create: the account (default 000000000000)
  --user NAME       create: the user (default root: the account's root user,
                    allowed everything; another user needs policies)
  --access-key-id ID
                    create: this id instead of a drawn one
  --secret-stdin    create: read the secret from standard input instead of drawing one
  --temporary SECONDS
                    create: a temporary key with a session token, for that long
)";

[[noreturn]] void usage(const std::string& message) {
  std::cerr << "cairn keys: " << message << "\n\n" << kUsage;
  std::exit(2);
}

std::string iso_time(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void print_new_key(const auth::AccessKey& key) {
  std::cout << "AccessKeyId: " << key.access_key_id << "\n"
            << "SecretAccessKey: " << key.secret << "\n";
  if (!key.session_token.empty()) {
    std::cout << "SessionToken: " << key.session_token << "\n"
              << "Expiration: " << iso_time(key.expires_ms) << "\n";
  }
  std::cout << "Account: " << key.account_id << "\nUser: " << key.user_name << std::endl;
}

}  // namespace

int run_keys_command(int argc, char** argv) {
  if (argc < 3) usage("missing command");
  const std::string_view command = argv[2];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  std::string data_dir = "./cairn-data";
  auth::NewAccessKey spec;
  bool secret_stdin = false;
  std::vector<std::string> operands;
  for (int i = 3; i < argc; ++i) {
    const std::string_view flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(std::string(flag) + " needs a value");
      return argv[++i];
    };
    if (flag == "--data-dir") {
      data_dir = value();
    } else if (flag == "--account") {
      spec.account_id = value();
    } else if (flag == "--user") {
      spec.user_name = value();
    } else if (flag == "--access-key-id") {
      spec.access_key_id = value();
    } else if (flag == "--secret-stdin") {
      secret_stdin = true;
    } else if (flag == "--temporary") {
      const std::string text = value();
      char* end = nullptr;
      const long seconds = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || seconds < 60 || seconds > 129600) {
        usage("--temporary needs seconds from 60 to 129600 (36 hours)");
      }
      spec.lifetime_seconds = seconds;
    } else if (!flag.empty() && flag[0] == '-') {
      usage("unknown option '" + std::string(flag) + "'");
    } else {
      operands.emplace_back(flag);
    }
  }
  const bool takes_id =
      command == "disable" || command == "enable" || command == "delete" || command == "rotate";
  if (takes_id && operands.size() != 1) usage(std::string(command) + " needs one key id");
  if (!takes_id && !operands.empty()) usage("unexpected '" + operands.front() + "'");
  if (!takes_id && command != "create" && command != "list") {
    usage("unknown command '" + std::string(command) + "'");
  }
  if (!std::filesystem::is_directory(data_dir)) {
    if (command != "create") {
      std::cerr << "cairn keys: no data directory at " << data_dir << std::endl;
      return 1;
    }
    umask(077);
    std::filesystem::create_directories(data_dir);
  }
  if (secret_stdin) std::getline(std::cin, spec.secret);

  return with_auth_records(data_dir, "keys", [&](engine::AuthRecords& records) {
    auth::CredentialStore keys(records);
    if (command == "create") {
      print_new_key(keys.create(spec));
    } else if (command == "list") {
      for (const auto& key : keys.list()) {
        std::cout << key.access_key_id << "\t" << key.account_id << "\t" << key.user_name << "\t"
                  << (key.active ? "Active" : "Inactive") << "\t" << iso_time(key.created_ms)
                  << (key.expires_ms ? "\texpires " + iso_time(key.expires_ms) : "") << "\n";
      }
    } else if (command == "rotate") {
      auto fresh = keys.rotate(operands[0]);
      if (!fresh) throw std::invalid_argument("no access key " + operands[0]);
      print_new_key(*fresh);
    } else {
      const bool found = command == "delete" ? keys.remove(operands[0])
                                             : keys.set_active(operands[0], command == "enable");
      if (!found) throw std::invalid_argument("no access key " + operands[0]);
    }
  });
}

}  // namespace cairn::cli
