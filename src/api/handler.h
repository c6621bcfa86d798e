// What an operation handler sees: the engine and the request (its body, typed access, and
// the few headers a handler may read), and the writer its response goes to. Each operation
// family (one file each: table_ops, item_ops, ...) registers its handlers here.
#pragma once

#include <string_view>

#include "api/handler_table.h"
#include "api/json_writer.h"
#include "api/request_reader.h"
#include "engine/engine.h"

namespace cairn::auth {
class CredentialStore;
class PolicyStore;
struct Principal;
}  // namespace cairn::auth

namespace cairn::backup {
class BackupCatalog;
class ContinuousBackups;
class Exports;
class Imports;
class ServerBackup;
}  // namespace cairn::backup

namespace cairn::api {

class DatabaseSnapshots;

// What a handler may know about the request besides its body.
struct RequestContext {
  engine::Engine& engine;
  std::string_view host;  // the Host header, e.g. "localhost:8000"
  // The account the request acts for (its principal's) and the region it addresses: it sees
  // that account's tables in that region only.
  std::string_view account;
  std::string_view region;
  // The resource-based policies (nullptr where the server keeps none, e.g. unit tests).
  auth::PolicyStore* policies = nullptr;
  // For the admin API: the access keys, and who asks.
  auth::CredentialStore* keys = nullptr;
  const auth::Principal* principal = nullptr;
  // The server's backups (nullptr where it keeps none, e.g. unit tests).
  backup::BackupCatalog* backups = nullptr;
  // Point-in-time recovery (nullptr where the server keeps none).
  backup::ContinuousBackups* recovery = nullptr;
  // Exports to buckets (nullptr where the server makes none).
  backup::Exports* exports = nullptr;
  // Imports from buckets (nullptr where the server makes none).
  backup::Imports* imports = nullptr;
  // The admin API's BackupServer (nullptr where the server makes none).
  backup::ServerBackup* server_backup = nullptr;
  // The admin API's snapshots of the whole database (nullptr where the server keeps none).
  DatabaseSnapshots* snapshots = nullptr;
  // The server's own account, whose root user alone may act on the whole server.
  std::string_view server_account = "000000000000";
};

// Each operation family adds its handlers (tables, items, batch, tags, service).
void register_table_ops(HandlerTable& table);
void register_update_table_ops(HandlerTable& table);
void register_item_ops(HandlerTable& table);
void register_batch_ops(HandlerTable& table);
void register_query_scan_ops(HandlerTable& table);
void register_transact_ops(HandlerTable& table);
void register_tag_ops(HandlerTable& table);
void register_service_ops(HandlerTable& table);
void register_ttl_ops(HandlerTable& table);
void register_backup_ops(HandlerTable& table);
void register_export_ops(HandlerTable& table);
void register_import_ops(HandlerTable& table);
void register_resource_policy_ops(HandlerTable& table);
// Cairn's admin API (target prefix CairnAdmin_20261201): keys, policies and tags of users.
void register_admin_ops(HandlerTable& table);
// The admin API's snapshots of the whole database (database_snapshot_ops.cc).
void register_database_snapshot_ops(HandlerTable& table);
// The DynamoDB Streams API (target prefix DynamoDBStreams_20120810).
void register_stream_ops(HandlerTable& table);

}  // namespace cairn::api
