#include "cli/snapshot_command.h"

#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include "cli/admin_client.h"

namespace cairn::cli {
namespace {

constexpr std::string_view kUsage =
    R"(usage: cairn snapshot create NAME | reset NAME | list | delete NAME [--endpoint URL] [--region NAME]

Snapshots of the whole database of a running server, for test suites: take one once the
fixtures are loaded, and reset to it between tests, in milliseconds.

create NAME   the database as of now (every table, item, index, stream, setting, key,
              policy and backup), kept under NAME (letters, digits, '_' and '-')
reset NAME    the database becomes snapshot NAME again; requests in flight finish first,
              and the next ones see the snapshot
list          the snapshots, with the time each was taken
delete NAME   forgets snapshot NAME

Through the admin API, as the root user whose credentials are in AWS_ACCESS_KEY_ID /
AWS_SECRET_ACCESS_KEY (--auth sigv4 servers only).

options:
  --endpoint URL    the server (default http://localhost:8000; https:// with AWS_CA_BUNDLE
                    naming a private CA)
  --region NAME     the server's region (default $AWS_REGION, us-east-1)
)";

[[noreturn]] void usage(const std::string& message) {
  std::cerr << "cairn snapshot: " << message << "\n\n" << kUsage;
  std::exit(2);
}

}  // namespace

int run_snapshot_command(int argc, char** argv) {
  std::string action, name, region;
  std::string endpoint = "http://localhost:8000";
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "--endpoint") {
      endpoint = value();
    } else if (arg == "--region") {
      region = value();
    } else if (!arg.empty() && arg[0] == '-') {
      usage("unknown option " + std::string(arg));
    } else if (action.empty()) {
      action = arg;
    } else if (name.empty()) {
      name = arg;
    } else {
      usage("unexpected " + std::string(arg));
    }
  }
  std::string operation;
  if (action == "create") {
    operation = "CreateDatabaseSnapshot";
  } else if (action == "reset") {
    operation = "ResetDatabase";
  } else if (action == "delete") {
    operation = "DeleteDatabaseSnapshot";
  } else if (action == "list") {
    operation = "ListDatabaseSnapshots";
  } else {
    usage(action.empty() ? "missing command" : "unknown command " + action);
  }
  if (action != "list" && name.empty()) usage(action + " needs a NAME");
  if (action == "list" && !name.empty()) usage("list takes no NAME");
  try {
    const AdminClient admin(endpoint, region);
    const std::string body = name.empty() ? "{}" : "{\"SnapshotName\":" + json_quoted(name) + "}";
    std::cout << admin.call(operation, body) << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "cairn snapshot: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace cairn::cli
