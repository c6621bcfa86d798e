// Snapshots of the whole database, for test suites that reset state between tests (the
// admin API's CreateDatabaseSnapshot, ResetDatabase, ListDatabaseSnapshots and
// DeleteDatabaseSnapshot). The server's DatabaseHost keeps them (server/database_host.h):
// taking one, and above all putting one back, needs every request out of the way, which
// no handler can arrange from inside a request. So a handler checks the request and asks
// for the work; the host does it once the handler has returned and before the response
// goes out, with no other request in flight.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cairn::api {

struct DatabaseSnapshotInfo {
  std::string name;
  int64_t created_ms = 0;
};

class DatabaseSnapshots {
 public:
  virtual ~DatabaseSnapshots() = default;

  // Each throws ApiError when the request cannot be done: NoSuchEntity for a snapshot that
  // does not exist, EntityAlreadyExists for a name taken, ValidationException otherwise.
  // Takes a snapshot named name of the whole database once the request is handled.
  virtual void create_after_request(const std::string& name) = 0;
  // Puts the snapshot named name back once the request is handled: every table, item,
  // index, stream, setting, key and policy, backup and recovery point as it was when the
  // snapshot was taken.
  virtual void reset_after_request(const std::string& name) = 0;
  // The snapshots, by name.
  virtual std::vector<DatabaseSnapshotInfo> list() const = 0;
  virtual void remove(const std::string& name) = 0;
};

}  // namespace cairn::api
