// cairn: a DynamoDB-compatible server. Parses the command line and wires the layers
// together (storage -> engine -> api -> net); nothing else lives here.
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include "api/dispatcher.h"
#include "engine/engine.h"
#include "model/key_codec.h"
#include "net/http_server.h"
#include "storage/rocksdb_store.h"

namespace {

constexpr std::string_view kUsage = R"(usage: cairn serve [options]

Serves the Amazon DynamoDB API over HTTP.

options:
  --port N          TCP port to listen on (default 8000; 0 picks a free one)
  --bind ADDR       address to listen on (default 0.0.0.0)
  --data-dir DIR    where data is kept (default ./cairn-data)
  --in-memory       keep all data in memory; nothing is written to disk
  --sync            fsync the write-ahead log before acknowledging each write
  --threads N       event loops (default: one per core)
  --region NAME     region shown in table ARNs (default us-east-1)
  --enforce-throughput
                    provisioned tables and indexes throttle as DynamoDB's do
                    (ProvisionedThroughputExceededException); off by default
  --help            this text
)";

struct Args {
  cairn::net::ServerOptions server;
  cairn::storage::RocksDbOptions storage{"./cairn-data", false, false};
  std::string region = "us-east-1";
  bool enforce_throughput = false;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "cairn: " << message << "\n\n" << kUsage;
  std::exit(2);
}

long parse_number(std::string_view flag, const char* text, long min, long max) {
  char* end = nullptr;
  long v = std::strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || v < min || v > max) {
    usage_error(std::string(flag) + " needs a number from " + std::to_string(min) + " to " +
                std::to_string(max));
  }
  return v;
}

Args parse_args(int argc, char** argv) {
  if (argc < 2) usage_error("missing command");
  std::string_view command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    std::exit(0);
  }
  if (command != "serve") usage_error("unknown command '" + std::string(command) + "'");
  Args args;
  for (int i = 2; i < argc; ++i) {
    std::string_view flag = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage_error(std::string(flag) + " needs a value");
      return argv[++i];
    };
    if (flag == "--port") {
      args.server.port = static_cast<uint16_t>(parse_number(flag, value(), 0, 65535));
    } else if (flag == "--bind") {
      args.server.address = value();
    } else if (flag == "--data-dir") {
      args.storage.path = value();
    } else if (flag == "--in-memory") {
      args.storage.in_memory = true;
    } else if (flag == "--sync") {
      args.storage.sync = true;
    } else if (flag == "--threads") {
      args.server.threads = static_cast<int>(parse_number(flag, value(), 1, 256));
    } else if (flag == "--region") {
      args.region = value();
    } else if (flag == "--enforce-throughput") {
      args.enforce_throughput = true;
    } else if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else {
      usage_error("unknown option '" + std::string(flag) + "'");
    }
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  Args args = parse_args(argc, argv);

  // SIGINT/SIGTERM are taken by sigwait below; block them before any thread starts so
  // that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    if (args.storage.in_memory) {
      args.storage.path = "/cairn-in-memory";
    } else {
      std::filesystem::create_directories(args.storage.path);
    }
    args.storage.bloom_prefix_length = cairn::kPartitionPrefixBytes;
    cairn::storage::RocksDbStore store(args.storage);
    cairn::engine::CatalogConfig config;
    config.region = args.region;
    cairn::engine::Engine engine(store, config, args.enforce_throughput);
    cairn::api::Dispatcher dispatcher(engine);
    cairn::net::HttpServer server(dispatcher, args.server);
    server.start();
    std::cout << "cairn listening on " << args.server.address << ":" << server.port()
              << (args.storage.in_memory ? " (in memory)" : " (data in " + args.storage.path + ")")
              << std::endl;

    int sig = 0;
    sigwait(&signals, &sig);
    std::cout << "cairn: shutting down" << std::endl;
    server.stop();
  } catch (const std::exception& e) {
    std::cerr << "cairn: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
