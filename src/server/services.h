// Services: everything the server builds over its store (the item cache, the engine, the
// access keys and policies, backups, recovery, exports, imports and the dispatcher), in
// the order they depend on each other. Built when the server starts, and built again over
// the same store when a reset puts a database snapshot in place (database_host.h): every
// part then reads its state from the store the way it does at a start.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "api/dispatcher.h"
#include "auth/authenticator.h"
#include "engine/engine.h"

namespace cairn::storage {
class RocksDbStore;
}  // namespace cairn::storage

namespace cairn::server {

struct ServiceSettings {
  std::string data_dir;
  bool in_memory = false;
  auth::AuthMode auth = auth::AuthMode::kNone;
  bool shared_regions = false;
  std::string region = "us-east-1";
  bool enforce_throughput = false;
  std::chrono::milliseconds ttl_interval{1000};
  engine::StreamSettings streams;
  uint64_t item_collection_limit = engine::kMaxItemCollectionBytes;
  long item_cache_mb = 64;
  std::optional<std::string> bucket_root;  // where exports' and imports' buckets are
  // The shortest window of an incremental export (DynamoDB's 15 minutes; tests lower it).
  std::chrono::milliseconds min_incremental_export_window = std::chrono::minutes(15);
};

// The directories under the data directory whose trees belong to the database: the
// snapshots of on-demand backups and of recovery bases. (Not exports' work: exports under
// way when the services close fail, and their snapshots go, at the next build.)
inline const std::vector<std::string>& database_side_dirs() {
  static const std::vector<std::string> dirs{"backups", "recovery"};
  return dirs;
}

class Services {
 public:
  // snapshots: who keeps the database's snapshots (the admin API's), or nullptr.
  Services(storage::RocksDbStore& database, const ServiceSettings& settings,
           api::DatabaseSnapshots* snapshots);
  ~Services();

  const api::Dispatcher& dispatcher() const;

 private:
  struct Parts;  // services.cc
  std::unique_ptr<Parts> parts_;
};

}  // namespace cairn::server
