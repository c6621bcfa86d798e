#include "cli/policies_command.h"

#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "auth/credential_store.h"
#include "auth/policy_store.h"
#include "cli/admin_client.h"
#include "cli/data_dir_records.h"

namespace cairn::cli {
namespace {

constexpr std::string_view kUsage = R"(usage: cairn policies COMMAND [options]

Manages the identity policies (IAM's JSON grammar) and tags of a data directory's users
(stop the server first), or, with --endpoint, of a running server's account through its
admin API, as the user whose credentials are in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
A user other than root may do only what its policies allow.

commands:
  put               attach a policy (replaces one of the same name); the document comes
                    from --file, or standard input
  list              the policies (and tags) of --user, or of every user
  show              print the document of --name
  delete            detach the policy --name
  tag               set the user's tags (aws:PrincipalTag/KEY) to the KEY=VALUE operands
                    (none: remove them all)

options:
  --data-dir DIR    the data directory (default ./cairn-data)
  --account ID      the user's account (default 000000000000)
  --user NAME       the user
  --name NAME       the policy's name
  --file PATH       put: the policy document
  --endpoint URL    a running server (http://HOST:PORT, or https:// with AWS_CA_BUNDLE
                    naming a private CA) instead of --data-dir
  --region NAME     with --endpoint, the server's region (default $AWS_REGION, us-east-1)
)";

[[noreturn]] void usage(const std::string& message) {
  std::cerr << "cairn policies: " << message << "\n\n" << kUsage;
  std::exit(2);
}

int run_remote(const std::string& endpoint, const std::string& region, std::string_view command,
               const std::string& user, const std::string& name, const std::string& document,
               const std::map<std::string, std::string>& tags) {
  try {
    const AdminClient admin(endpoint, region);
    const std::string who = "\"UserName\":" + json_quoted(user);
    const std::string named = who + ",\"PolicyName\":" + json_quoted(name);
    simdjson::dom::parser parser;
    if (command == "put") {
      admin.call("PutUserPolicy",
                 "{" + named + ",\"PolicyDocument\":" + json_quoted(document) + "}");
    } else if (command == "show") {
      const std::string response = admin.call("GetUserPolicy", "{" + named + "}");
      std::cout << std::string_view(parser.parse(response)["PolicyDocument"]) << std::endl;
    } else if (command == "delete") {
      admin.call("DeleteUserPolicy", "{" + named + "}");
    } else if (command == "list") {
      const std::string policies = admin.call("ListUserPolicies", "{" + who + "}");
      for (simdjson::dom::element p : parser.parse(policies)["PolicyNames"].get_array()) {
        std::cout << user << "\tpolicy\t" << std::string_view(p) << "\n";
      }
      const std::string listed = admin.call("ListUserTags", "{" + who + "}");
      for (simdjson::dom::element t : parser.parse(listed)["Tags"].get_array()) {
        std::cout << user << "\ttag\t" << std::string_view(t["Key"]) << "="
                  << std::string_view(t["Value"]) << "\n";
      }
    } else {
      // tag: the user's tags become exactly these.
      const std::string listed = admin.call("ListUserTags", "{" + who + "}");
      std::string stale;
      for (simdjson::dom::element t : parser.parse(listed)["Tags"].get_array()) {
        const std::string_view key = t["Key"];
        if (!tags.count(std::string(key))) stale += (stale.empty() ? "" : ",") + json_quoted(key);
      }
      if (!stale.empty()) admin.call("UntagUser", "{" + who + ",\"TagKeys\":[" + stale + "]}");
      std::string list;
      for (const auto& [k, v] : tags) {
        list += (list.empty() ? "" : ",") + std::string("{\"Key\":") + json_quoted(k) +
                ",\"Value\":" + json_quoted(v) + "}";
      }
      if (!list.empty()) admin.call("TagUser", "{" + who + ",\"Tags\":[" + list + "]}");
    }
  } catch (const std::exception& e) {
    std::cerr << "cairn policies: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}

}  // namespace

int run_policies_command(int argc, char** argv) {
  if (argc < 3) usage("missing command");
  const std::string_view command = argv[2];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  std::string data_dir = "./cairn-data", account(auth::kDefaultAccountId), user, name, file;
  std::string endpoint, region;
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
      account = value();
    } else if (flag == "--user") {
      user = value();
    } else if (flag == "--name") {
      name = value();
    } else if (flag == "--file") {
      file = value();
    } else if (flag == "--endpoint") {
      endpoint = value();
    } else if (flag == "--region") {
      region = value();
    } else if (!flag.empty() && flag[0] == '-') {
      usage("unknown option '" + std::string(flag) + "'");
    } else {
      operands.emplace_back(flag);
    }
  }
  if (command != "put" && command != "list" && command != "show" && command != "delete" &&
      command != "tag") {
    usage("unknown command '" + std::string(command) + "'");
  }
  if (command != "list" && user.empty()) usage(std::string(command) + " needs --user");
  if ((command == "put" || command == "show" || command == "delete") && name.empty()) {
    usage(std::string(command) + " needs --name");
  }
  if (command != "tag" && !operands.empty()) usage("unexpected '" + operands.front() + "'");
  std::map<std::string, std::string> tags;
  for (const auto& operand : operands) {
    const auto eq = operand.find('=');
    if (eq == std::string::npos || eq == 0) usage("a tag is KEY=VALUE, not '" + operand + "'");
    tags[operand.substr(0, eq)] = operand.substr(eq + 1);
  }
  std::string document;
  if (command == "put") {
    std::ifstream in;
    if (!file.empty()) {
      in.open(file);
      if (!in) {
        std::cerr << "cairn policies: cannot read " << file << std::endl;
        return 1;
      }
    }
    std::istream& source = file.empty() ? std::cin : in;
    document.assign(std::istreambuf_iterator<char>(source), std::istreambuf_iterator<char>());
  }
  if (!endpoint.empty()) {
    if (user.empty()) usage("with --endpoint, every command needs --user");
    return run_remote(endpoint, region, command, user, name, document, tags);
  }
  if (!std::filesystem::is_directory(data_dir)) {
    std::cerr << "cairn policies: no data directory at " << data_dir << std::endl;
    return 1;
  }

  return with_auth_records(data_dir, "policies", [&](engine::AuthRecords& records) {
    auth::PolicyStore store(records);
    if (command == "put") {
      store.put_user_policy(account, user, name, document);
    } else if (command == "delete") {
      if (!store.delete_user_policy(account, user, name)) {
        throw std::invalid_argument("no policy " + name + " for " + account + "/" + user);
      }
    } else if (command == "tag") {
      store.set_user_tags(account, user, tags);
    } else if (command == "show") {
      auto them = store.user(account, user);
      for (const auto& p : them ? them->policies : std::vector<auth::NamedPolicy>{}) {
        if (p.name == name) {
          std::cout << p.document << std::endl;
          return;
        }
      }
      throw std::invalid_argument("no policy " + name + " for " + account + "/" + user);
    } else {
      for (const auto& [who, them] : store.users()) {
        if (!user.empty() && who != account + "/" + user) continue;
        for (const auto& p : them->policies) std::cout << who << "\tpolicy\t" << p.name << "\n";
        for (const auto& [k, v] : them->tags)
          std::cout << who << "\ttag\t" << k << "=" << v << "\n";
      }
    }
  });
}

}  // namespace cairn::cli
