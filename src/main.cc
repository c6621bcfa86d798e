// cairn: a DynamoDB-compatible server. Parses the command line and wires the layers
// together (storage -> engine -> api -> net); nothing else lives here.
#include <sys/resource.h>
#include <sys/stat.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "auth/authenticator.h"
#include "cli/encryption_command.h"
#include "cli/encryption_key.h"
#include "cli/keys_command.h"
#include "cli/policies_command.h"
#include "cli/server_backup_command.h"
#include "cli/snapshot_command.h"
#include "cli/tls_command.h"
#include "engine/key_space.h"
#include "net/cors_policy.h"
#include "net/http_server.h"
#include "net/tls_context.h"
#include "server/database_host.h"
#include "server/services.h"
#include "storage/encryption_keyring.h"
#include "storage/rocksdb_store.h"

namespace {

constexpr std::string_view kUsage = R"(usage: cairn serve [options]
       cairn keys COMMAND [options]   (cairn keys --help)
       cairn policies COMMAND [options]   (cairn policies --help)
       cairn tls init [options]   (cairn tls --help)
       cairn backup --to DIR | restore --from DIR --data-dir NEW   (cairn backup --help)
       cairn snapshot create|reset|delete NAME | list   (cairn snapshot --help)
       cairn encryption-key | encrypt | decrypt | rotate-master-key   (cairn encrypt --help)

Serves the Amazon DynamoDB API over HTTP.

options:
  --port N          TCP port to listen on (default 8000; 0 picks a free one)
  --bind ADDR       address to listen on (default 127.0.0.1: this machine only)
  --auth MODE       none (default): any credentials are accepted, every request acts
                    as account 000000000000; sigv4: every request's AWS signature is
                    verified against the data directory's access keys (cairn keys);
                    CAIRN_ACCESS_KEY_ID and CAIRN_SECRET_ACCESS_KEY in the environment
                    seed one (with CAIRN_ACCOUNT_ID and CAIRN_USER_NAME if set; the
                    default user, root, may do anything; other users need policies:
                    cairn policies)
  --allow-anonymous with --auth none, listen on an address other machines can reach
  --shared-regions  with --auth none, every request sees the tables of --region, whatever
                    region its client names (DynamoDB Local's -sharedDb habit); without
                    it, each region a client names has its own tables
  --data-dir DIR    where data is kept (default ./cairn-data)
  --in-memory       keep all data in memory; nothing is written to disk
  --sync            fsync the write-ahead log before acknowledging each write
  --disk-reserve-mb N
                    writes are refused (InternalServerError) while the disk holding
                    the data has less than N MB free, so that the database can
                    still flush and restart; reads go on, and writes resume by
                    themselves when space returns (default 64)
  --threads N       event loops (default: one per core)
  --max-connections N
                    client connections held open at once; further clients wait
                    in the listen queue until one closes (default 0: as many as
                    the process's file descriptors allow)
  --request-memory-mb N
                    memory the bodies of requests in flight may hold at once, over
                    all connections; a request beyond it is refused with
                    ThrottlingException, which the AWS SDKs retry (default 256;
                    at least 32)
  --encryption-key-file FILE
                    encrypt everything written under --data-dir (AES-256) with a data
                    key wrapped by this 32-byte master key (64 hex digits, base64 or raw;
                    cairn encryption-key makes one); an encrypted directory needs it
                    to start. Or --encryption-key-command CMD (its output is the key),
                    or CAIRN_ENCRYPTION_KEY in the environment
  --s3-dir DIR      where the buckets of exports and imports are: bucket B is the
                    directory DIR/B, which must exist, as an S3 bucket must (default
                    DATA-DIR/s3; none with --in-memory or encryption at rest, whose
                    guarantee an export in the clear would break: give one to export)
  --tls-cert FILE --tls-key FILE
                    serve HTTPS (TLS 1.2 and 1.3) with this certificate chain and key
                    (PEM); SIGHUP reloads them without dropping connections
  --tls-self-signed serve HTTPS with a certificate made for localhost by a CA of its
                    own, kept under DATA-DIR/tls (cairn tls init makes one elsewhere);
                    clients trust DATA-DIR/tls/ca.pem
  --tls-port N      HTTPS on port N, and plain HTTP still on --port (without it,
                    --port itself serves HTTPS)
  --cors-origins LIST
                    which web pages may call the server from a browser: loopback
                    (default: pages served from localhost, 127.0.0.1 or [::1]),
                    * (any page, as DynamoDB answers), none, or a comma-separated
                    list of origins such as https://app.example.com
  --region NAME     the server's region (default us-east-1): the one SigV4 requests must
                    be scoped to, and --auth none's when a request names none
  --enforce-throughput
                    provisioned tables and indexes throttle as DynamoDB's do
                    (ProvisionedThroughputExceededException); off by default
  --ttl-interval SECONDS
                    how often expired items (Time to Live) are deleted
                    (default 1; fractions allowed, e.g. 0.5)
  --stream-retention SECONDS
                    how long stream records are kept (default 86400, DynamoDB's
                    24 hours)
  --item-collection-limit BYTES
                    the largest item collection (one partition key value's items
                    and their local secondary index entries) a write may leave
                    (default 10737418240, DynamoDB's 10 GB; lower it to test
                    ItemCollectionSizeLimitExceededException)
  --item-cache-mb N memory for the cache of recently read and written items, which
                    answers a read without searching the database (default 64; 0
                    turns it off)
  --incremental-export-min-window SECONDS
                    the shortest window an incremental export may cover (default
                    900, DynamoDB's 15 minutes; lower it to test incremental exports)
  --stream-shard-lifetime SECONDS
                    how long a stream shard stays open before a child shard
                    takes over (default 14400, DynamoDB's about 4 hours)
  --help            this text
)";

struct Args {
  cairn::net::ServerOptions server;
  cairn::auth::AuthMode auth = cairn::auth::AuthMode::kNone;
  bool allow_anonymous = false;
  bool shared_regions = false;
  cairn::storage::RocksDbOptions storage{"./cairn-data", false, false};
  std::string region = "us-east-1";
  bool enforce_throughput = false;
  std::chrono::milliseconds ttl_interval{1000};
  std::chrono::milliseconds min_incremental_export_window = std::chrono::minutes(15);
  cairn::engine::StreamSettings streams;
  uint64_t item_collection_limit = cairn::engine::kMaxItemCollectionBytes;
  long item_cache_mb = 64;
  cairn::net::TlsFiles tls;
  std::string s3_dir;
  bool tls_self_signed = false;
  std::string encryption_key_file;
  std::string encryption_key_command;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "cairn: " << message << "\n\n" << kUsage;
  std::exit(2);
}

bool is_loopback(std::string_view address) {
  return address.substr(0, 4) == "127." || address == "::1" || address == "localhost";
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

// Seconds, possibly fractional, as whole milliseconds: at least 1 ms, at most a day.
std::chrono::milliseconds parse_seconds(std::string_view flag, const char* text) {
  char* end = nullptr;
  double v = std::strtod(text, &end);
  if (*text == '\0' || *end != '\0' || !(v >= 0.001 && v <= 86400)) {
    usage_error(std::string(flag) + " needs a number of seconds from 0.001 to 86400");
  }
  return std::chrono::milliseconds(static_cast<int64_t>(v * 1000 + 0.5));
}

Args parse_args(int argc, char** argv) {
  if (argc < 2) usage_error("missing command");
  std::string_view command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    std::exit(0);
  }
  if (command == "keys") std::exit(cairn::cli::run_keys_command(argc, argv));
  if (command == "policies") std::exit(cairn::cli::run_policies_command(argc, argv));
  if (command == "tls") std::exit(cairn::cli::run_tls_command(argc, argv));
  if (command == "snapshot") std::exit(cairn::cli::run_snapshot_command(argc, argv));
  if (command == "backup" || command == "restore") {
    std::exit(cairn::cli::run_server_backup_command(argc, argv));
  }
  if (command == "encrypt" || command == "decrypt" || command == "rotate-master-key" ||
      command == "encryption-key") {
    std::exit(cairn::cli::run_encryption_command(argc, argv));
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
    } else if (flag == "--auth") {
      const std::string_view mode = value();
      if (mode == "none") {
        args.auth = cairn::auth::AuthMode::kNone;
      } else if (mode == "sigv4") {
        args.auth = cairn::auth::AuthMode::kSigV4;
      } else {
        usage_error("--auth is none or sigv4");
      }
    } else if (flag == "--allow-anonymous") {
      args.allow_anonymous = true;
    } else if (flag == "--shared-regions") {
      args.shared_regions = true;
    } else if (flag == "--data-dir") {
      args.storage.path = value();
    } else if (flag == "--s3-dir") {
      args.s3_dir = value();
    } else if (flag == "--in-memory") {
      args.storage.in_memory = true;
    } else if (flag == "--disk-reserve-mb") {
      args.storage.disk_reserve_bytes =
          static_cast<uint64_t>(parse_number(flag, value(), 0, 1 << 20)) << 20;
    } else if (flag == "--sync") {
      args.storage.sync = true;
    } else if (flag == "--threads") {
      args.server.threads = static_cast<int>(parse_number(flag, value(), 1, 256));
    } else if (flag == "--max-connections") {
      args.server.max_connections = static_cast<size_t>(parse_number(flag, value(), 0, 1 << 24));
    } else if (flag == "--request-memory-mb") {
      args.server.request_memory_bytes =
          static_cast<size_t>(parse_number(flag, value(), 32, 1 << 20)) << 20;
    } else if (flag == "--encryption-key-file") {
      args.encryption_key_file = value();
    } else if (flag == "--encryption-key-command") {
      args.encryption_key_command = value();
    } else if (flag == "--tls-cert") {
      args.tls.certificate = value();
    } else if (flag == "--tls-key") {
      args.tls.private_key = value();
    } else if (flag == "--tls-self-signed") {
      args.tls_self_signed = true;
    } else if (flag == "--tls-port") {
      args.server.tls_port = static_cast<uint16_t>(parse_number(flag, value(), 1, 65535));
    } else if (flag == "--cors-origins") {
      args.server.cors_origins = value();
      try {
        cairn::net::CorsPolicy check(args.server.cors_origins);
      } catch (const std::invalid_argument& e) {
        usage_error(std::string("--cors-origins: ") + e.what());
      }
    } else if (flag == "--region") {
      args.region = value();
    } else if (flag == "--enforce-throughput") {
      args.enforce_throughput = true;
    } else if (flag == "--stream-retention") {
      args.streams.retention_ms = parse_seconds(flag, value()).count();
    } else if (flag == "--stream-shard-lifetime") {
      args.streams.shard_lifetime_ms = parse_seconds(flag, value()).count();
    } else if (flag == "--item-collection-limit") {
      args.item_collection_limit = static_cast<uint64_t>(parse_number(
          flag, value(), 1, static_cast<long>(cairn::engine::kMaxItemCollectionBytes)));
    } else if (flag == "--item-cache-mb") {
      args.item_cache_mb = parse_number(flag, value(), 0, 1 << 20);
    } else if (flag == "--incremental-export-min-window") {
      args.min_incremental_export_window = parse_seconds(flag, value());
    } else if (flag == "--ttl-interval") {
      args.ttl_interval = parse_seconds(flag, value());
    } else if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else {
      usage_error("unknown option '" + std::string(flag) + "'");
    }
  }
  if (args.tls.certificate.empty() != args.tls.private_key.empty()) {
    usage_error("--tls-cert and --tls-key go together");
  }
  if (args.tls_self_signed && !args.tls.certificate.empty()) {
    usage_error("--tls-self-signed or --tls-cert/--tls-key, not both");
  }
  if (args.server.tls_port != 0 && args.tls.certificate.empty() && !args.tls_self_signed) {
    usage_error("--tls-port needs --tls-cert and --tls-key (or --tls-self-signed)");
  }
  // Secure by default: without authentication, only this machine may connect, unless the
  // user says otherwise in so many words.
  if (args.auth == cairn::auth::AuthMode::kNone && !is_loopback(args.server.address)) {
    if (!args.allow_anonymous) {
      usage_error("listening on " + args.server.address +
                  " lets other machines in, and --auth none lets anyone read and delete "
                  "everything: use --auth sigv4, or add --allow-anonymous");
    }
    std::cerr << "cairn: warning: anyone who reaches " << args.server.address
              << " can read and change every table (--auth none --allow-anonymous)" << std::endl;
  }
  return args;
}

// Where the buckets of exports are: --s3-dir, or DATA-DIR/s3 when data is on disk in the
// clear (an export is written in the clear, for other tools to read).
std::optional<std::string> bucket_root(const Args& args) {
  if (!args.s3_dir.empty()) return args.s3_dir;
  if (args.storage.in_memory || args.storage.master_key) return std::nullopt;
  const std::string dir = args.storage.path + "/s3";
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace);
  return dir;
}

// What the services over the store are built with.
cairn::server::ServiceSettings service_settings(const Args& args) {
  cairn::server::ServiceSettings s;
  s.data_dir = args.storage.path;
  s.in_memory = args.storage.in_memory;
  s.auth = args.auth;
  s.shared_regions = args.shared_regions;
  s.region = args.region;
  s.enforce_throughput = args.enforce_throughput;
  s.ttl_interval = args.ttl_interval;
  s.streams = args.streams;
  s.item_collection_limit = args.item_collection_limit;
  s.item_cache_mb = args.item_cache_mb;
  s.bucket_root = bucket_root(args);
  s.min_incremental_export_window = args.min_incremental_export_window;
  return s;
}

// --tls-self-signed: the CA and certificate kept under the data directory (made on first
// use), or, in memory, in a fresh temporary directory.
cairn::net::TlsFiles self_signed_tls(const Args& args) {
  namespace fs = std::filesystem;
  std::string dir;
  if (args.storage.in_memory) {
    char pattern[] = "/tmp/cairn-tls-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("cannot make a directory for the certificate");
    dir = pattern;
  } else {
    dir = (fs::path(args.storage.path) / "tls").string();
  }
  cairn::net::TlsFiles files{dir + "/cert.pem", dir + "/key.pem"};
  if (!fs::exists(files.certificate) || !fs::exists(files.private_key)) {
    cairn::cli::make_tls_files(dir, {"localhost", "127.0.0.1", "::1"}, 825);
  }
  std::cout << "cairn: HTTPS with a self-signed certificate; clients trust " << dir << "/ca.pem"
            << std::endl;
  return files;
}

// Raises the soft limit on open files to the hard limit: every connection is a descriptor,
// and the common soft limit of 1024 would cap clients far below what the machine allows.
void raise_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

// The data is the user's alone: what the server creates is readable and writable by its
// owner only (files 0600, directories 0700), and a data directory made by an earlier build
// with looser modes is tightened when it opens.
void keep_data_private(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  umask(077);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    const bool is_dir = entry.is_directory(ec);
    fs::permissions(entry.path(),
                    is_dir ? fs::perms::owner_all : fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace, ec);
  }
}

int main(int argc, char** argv) {
  Args args = parse_args(argc, argv);
  raise_file_limit();

  // SIGINT/SIGTERM are taken by sigwait below; block them before any thread starts so
  // that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    // The key first: a key that cannot be read leaves the data directory untouched.
    args.storage.master_key =
        cairn::cli::master_key_from(args.encryption_key_file, args.encryption_key_command);
    // Children of the server (a key command's) need not see it.
    ::unsetenv("CAIRN_ENCRYPTION_KEY");
    if (args.storage.master_key && args.storage.in_memory) {
      throw std::runtime_error(
          "--in-memory writes nothing to disk: an encryption key has nothing to do");
    }
    // Refused keys refuse before the directory is touched (even its modes).
    if (!args.storage.in_memory) {
      cairn::storage::check_data_key(args.storage.path, args.storage.master_key);
    }
    if (args.storage.in_memory) {
      args.storage.path = "/cairn-in-memory";
      umask(077);
    } else {
      keep_data_private(args.storage.path);
      std::filesystem::create_directories(args.storage.path);
    }
    args.storage.bloom_prefix_length = cairn::engine::kPartitionPrefixBytes;
    args.storage.appended_prefix = cairn::engine::appended_key_prefix();
    cairn::storage::RocksDbStore database(args.storage);
    // The master key has done its work (the data key is the provider's): not kept.
    if (args.storage.master_key) cairn::storage::wipe(*args.storage.master_key);
    args.storage.master_key.reset();
    cairn::server::DatabaseHost host(database, service_settings(args));
    if (args.tls_self_signed) args.tls = self_signed_tls(args);
    if (!args.tls.certificate.empty()) {
      args.server.tls = std::make_shared<cairn::net::TlsContexts>(args.tls);
    }
    cairn::net::HttpServer server(host, args.server);
    server.start();
    std::cout << "cairn listening on " << args.server.address << ":" << server.port()
              << (server.tls_port() == server.port() ? " (HTTPS)" : "")
              << (args.storage.in_memory ? " (in memory)" : " (data in " + args.storage.path + ")")
              << (args.auth == cairn::auth::AuthMode::kSigV4 ? ", SigV4 required"
                                                             : ", no authentication");
    if (server.tls_port() != 0 && server.tls_port() != server.port()) {
      std::cout << ", HTTPS on " << args.server.address << ":" << server.tls_port();
    }
    std::cout << std::endl;

    while (true) {
      int sig = 0;
      sigwait(&signals, &sig);
      if (sig != SIGHUP) break;
      // SIGHUP: the certificate and key are read again (renewed files take effect for new
      // connections; the open ones keep theirs).
      if (!args.server.tls) continue;
      try {
        args.server.tls->reload();
        std::cout << "cairn: TLS certificate reloaded from " << args.tls.certificate << std::endl;
      } catch (const std::exception& e) {
        std::cerr << "cairn: TLS certificate not reloaded, the previous one stays: " << e.what()
                  << std::endl;
      }
    }
    std::cout << "cairn: shutting down" << std::endl;
    server.stop();
  } catch (const std::exception& e) {
    std::cerr << "cairn: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
