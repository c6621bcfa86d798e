// The admin API's snapshots of the whole database (api/database_snapshots.h), for test
// suites that reset state between tests in milliseconds:
//   CreateDatabaseSnapshot {"SnapshotName"}   the database as of now, under that name
//   ResetDatabase {"SnapshotName"}            the database becomes that snapshot again
//   ListDatabaseSnapshots {}                  {"Snapshots": [{SnapshotName, CreationDateTime}]}
//   DeleteDatabaseSnapshot {"SnapshotName"}
// The root user's alone: a snapshot holds, and a reset replaces, every account's data.
#include <string>

#include "api/constraints.h"
#include "api/database_snapshots.h"
#include "api/handler.h"
#include "api/root_only.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

DatabaseSnapshots& snapshots_of(const RequestContext& ctx, std::string_view what) {
  require_root(ctx, what);
  if (!ctx.snapshots) throw ApiError::internal("no database snapshots");
  return *ctx.snapshots;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// A snapshot's name names a directory: 1 to 128 letters, digits, '_' or '-'.
std::string name_of(const RequestReader& r) {
  const auto name = r.string("SnapshotName");
  Constraints c;
  if (!name) {
    c.not_null("snapshotName");
  } else if (c.length_between(*name, "snapshotName", 1, 128)) {
    c.pattern(*name, "snapshotName", "[a-zA-Z0-9_-]+", is_name_char);
  }
  c.throw_if_any();
  return std::string(*name);
}

void create_database_snapshot(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  DatabaseSnapshots& snapshots = snapshots_of(ctx, "snapshot the database");
  const std::string name = name_of(r);
  snapshots.create_after_request(name);
  out.begin_object();
  out.field("SnapshotName", name);
  out.end_object();
}

void reset_database(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  DatabaseSnapshots& snapshots = snapshots_of(ctx, "reset the database");
  const std::string name = name_of(r);
  snapshots.reset_after_request(name);
  out.begin_object();
  out.field("SnapshotName", name);
  out.end_object();
}

void list_database_snapshots(RequestContext& ctx, const RequestReader&, JsonWriter& out) {
  DatabaseSnapshots& snapshots = snapshots_of(ctx, "list the database's snapshots");
  out.begin_object();
  out.key("Snapshots");
  out.begin_array();
  for (const DatabaseSnapshotInfo& snapshot : snapshots.list()) {
    out.begin_object();
    out.field("SnapshotName", snapshot.name);
    out.key("CreationDateTime");
    out.decimal_seconds(snapshot.created_ms);
    out.end_object();
  }
  out.end_array();
  out.end_object();
}

void delete_database_snapshot(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  DatabaseSnapshots& snapshots = snapshots_of(ctx, "delete the database's snapshots");
  snapshots.remove(name_of(r));
  out.begin_object();
  out.end_object();
}

}  // namespace

void register_database_snapshot_ops(HandlerTable& table) {
  table["CreateDatabaseSnapshot"] = create_database_snapshot;
  table["ResetDatabase"] = reset_database;
  table["ListDatabaseSnapshots"] = list_database_snapshots;
  table["DeleteDatabaseSnapshot"] = delete_database_snapshot;
}

}  // namespace cairn::api
