// DatabaseHost: what the HTTP layer hands requests to. It holds the store and the Services
// built over it, passes each request to their dispatcher, and keeps the database's
// snapshots (the admin API's CreateDatabaseSnapshot, ResetDatabase, ...; decision 0033).
//
// A request runs under a shared hold of the host; taking a snapshot or putting one back
// takes it alone, so it waits for the requests in flight and holds the next ones back for
// the milliseconds it lasts. A reset closes the Services (their background work stops),
// puts the snapshot's files in place of the database's while the store is closed, opens the
// store again and builds new Services over it: every part reads its state as at a start.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "api/database_snapshots.h"
#include "api/request_handler.h"
#include "server/services.h"

namespace cairn::storage {
class RocksDbStore;
}  // namespace cairn::storage

namespace cairn::server {

class DatabaseHost : public api::RequestHandler, public api::DatabaseSnapshots {
 public:
  DatabaseHost(storage::RocksDbStore& database, ServiceSettings settings);
  ~DatabaseHost() override;

  bool verifies_signatures() const override;
  int handle(std::string_view target, std::string& body, std::string_view host,
             api::OutputBuffer& out, const api::SignedParts* signed_parts) const override;
  bool runs_long(std::string_view target) const override;
  void make_durable() const override;

  void create_after_request(const std::string& name) override;
  void reset_after_request(const std::string& name) override;
  std::vector<api::DatabaseSnapshotInfo> list() const override;
  void remove(const std::string& name) override;

  struct Work;  // a snapshot to take or put back once the request is handled

 private:
  std::string directory_of(const std::string& name) const;
  bool exists(const std::string& name) const;
  void take(const std::string& name);
  void put_back(const std::string& name);
  void rebuild_services();

  storage::RocksDbStore& database_;
  const ServiceSettings settings_;
  const bool verifies_signatures_;
  std::unique_ptr<Services> services_;
  // Shared by every request; alone by a snapshot's taking or putting back.
  mutable std::shared_mutex hold_;
  // Serializes the snapshots' own bookkeeping (names taken, removals).
  mutable std::mutex snapshots_mutex_;
};

}  // namespace cairn::server
