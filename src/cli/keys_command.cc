#include "cli/keys_command.h"

#include <simdjson.h>
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
#include "cli/admin_client.h"
#include "cli/data_dir_records.h"
#include "engine/auth_records.h"
#include "model/clock.h"

namespace cairn::cli {
namespace {

constexpr std::string_view kUsage = R"(usage: cairn keys COMMAND [options]

Manages the access keys of a data directory (stop the server first), or, with --endpoint,
of a running server's account through its admin API, as the user whose credentials are in
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (the root user, or one whose policies allow
iam:CreateAccessKey, iam:ListAccessKeys, ...).

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
  --endpoint URL    a running server (http://HOST:PORT, or https:// with AWS_CA_BUNDLE
                    naming a private CA) instead of --data-dir; --user
                    then names whose keys (default: the caller's own)
  --region NAME     with --endpoint, the server's region (default $AWS_REGION, us-east-1)
)";

[[noreturn]] void usage(const std::string& message) {
  std::cerr << "cairn keys: " << message << "\n\n" << kUsage;
  std::exit(2);
}

void print_new_key(const auth::AccessKey& key) {
  std::cout << "AccessKeyId: " << key.access_key_id << "\n"
            << "SecretAccessKey: " << key.secret << "\n";
  if (!key.session_token.empty()) {
    std::cout << "SessionToken: " << key.session_token << "\n"
              << "Expiration: " << iso8601_utc(key.expires_ms) << "\n";
  }
  std::cout << "Account: " << key.account_id << "\nUser: " << key.user_name << std::endl;
}

// The admin API's AccessKey object, printed as print_new_key prints one.
void print_remote_key(std::string_view response) {
  simdjson::dom::parser parser;
  const simdjson::dom::element key = parser.parse(response)["AccessKey"];
  auto text = [&](const char* name) {
    std::string_view v;
    return key[name].get_string().get(v) ? std::string() : std::string(v);
  };
  std::cout << "AccessKeyId: " << text("AccessKeyId") << "\n"
            << "SecretAccessKey: " << text("SecretAccessKey") << "\n";
  if (!text("SessionToken").empty()) {
    std::cout << "SessionToken: " << text("SessionToken") << "\n"
              << "Expiration: " << text("Expiration") << "\n";
  }
  std::cout << "User: " << text("UserName") << std::endl;
}

int run_remote(const std::string& endpoint, const std::string& region, std::string_view command,
               const std::string& user, const std::vector<std::string>& operands,
               int64_t lifetime_seconds) {
  try {
    const AdminClient admin(endpoint, region);
    std::string body = "{";
    auto member = [&](std::string_view name, const std::string& json) {
      if (body.size() > 1) body += ",";
      body += json_quoted(name) + ":" + json;
    };
    if (!user.empty()) member("UserName", json_quoted(user));
    if (command == "create") {
      if (lifetime_seconds > 0) member("DurationSeconds", std::to_string(lifetime_seconds));
      print_remote_key(admin.call("CreateAccessKey", body + "}"));
    } else if (command == "list") {
      simdjson::dom::parser parser;
      const std::string response = admin.call("ListAccessKeys", body + "}");
      for (simdjson::dom::element key : parser.parse(response)["AccessKeyMetadata"].get_array()) {
        std::cout << std::string_view(key["AccessKeyId"]) << "\t"
                  << std::string_view(key["UserName"]) << "\t" << std::string_view(key["Status"])
                  << "\t" << std::string_view(key["CreateDate"]) << "\n";
      }
    } else {
      member("AccessKeyId", json_quoted(operands[0]));
      if (command == "rotate") {
        print_remote_key(admin.call("RotateAccessKey", body + "}"));
      } else if (command == "delete") {
        admin.call("DeleteAccessKey", body + "}");
      } else {
        member("Status", json_quoted(command == "enable" ? "Active" : "Inactive"));
        admin.call("UpdateAccessKey", body + "}");
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "cairn keys: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}

}  // namespace

int run_keys_command(int argc, char** argv) {
  if (argc < 3) usage("missing command");
  const std::string_view command = argv[2];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  std::string data_dir = "./cairn-data", endpoint, region;
  bool user_given = false;
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
      user_given = true;
    } else if (flag == "--endpoint") {
      endpoint = value();
    } else if (flag == "--region") {
      region = value();
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
  if (!endpoint.empty()) {
    if (secret_stdin || !spec.access_key_id.empty() || spec.account_id != auth::kDefaultAccountId) {
      usage("with --endpoint, keys are drawn by the server, in the caller's account");
    }
    return run_remote(endpoint, region, command, user_given ? spec.user_name : "", operands,
                      spec.lifetime_seconds);
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
                  << (key.active ? "Active" : "Inactive") << "\t" << iso8601_utc(key.created_ms)
                  << (key.expires_ms ? "\texpires " + iso8601_utc(key.expires_ms) : "") << "\n";
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
