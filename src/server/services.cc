#include "server/services.h"

#include <cstdlib>

#include "api/database_snapshots.h"
#include "api/export_format.h"
#include "api/import_format.h"
#include "auth/authorizer.h"
#include "auth/credential_store.h"
#include "auth/policy_store.h"
#include "backup/backup_catalog.h"
#include "backup/continuous_backups.h"
#include "backup/exports.h"
#include "backup/imports.h"
#include "backup/server_backup.h"
#include "storage/caching_store.h"
#include "storage/rocksdb_store.h"

namespace cairn::server {
namespace {

// The server's own account: CAIRN_ACCOUNT_ID's, or the default.
std::string server_account() {
  const char* account = std::getenv("CAIRN_ACCOUNT_ID");
  return account && *account ? account : std::string(auth::kDefaultAccountId);
}

// Seeds the access key CAIRN_ACCESS_KEY_ID / CAIRN_SECRET_ACCESS_KEY name, if both are set.
void seed_key_from_environment(auth::CredentialStore& keys) {
  const char* id = std::getenv("CAIRN_ACCESS_KEY_ID");
  const char* secret = std::getenv("CAIRN_SECRET_ACCESS_KEY");
  if (!id || !secret || !*id || !*secret) return;
  const char* user = std::getenv("CAIRN_USER_NAME");
  keys.seed(id, secret, server_account(), user && *user ? user : auth::kRootUser);
}

storage::KvStore& cached_or_not(storage::RocksDbStore& database,
                                std::optional<storage::CachingStore>& cached, long cache_mb) {
  if (cache_mb <= 0) return database;
  cached.emplace(database, static_cast<size_t>(cache_mb) << 20);
  return *cached;
}

backup::ExportSettings export_settings(const ServiceSettings& s) {
  backup::ExportSettings settings;
  settings.min_incremental_window = s.min_incremental_export_window;
  return settings;
}

}  // namespace

// Declared in the order each needs the ones before; destroyed in reverse, so that the
// background work of backups, recovery, exports and imports stops before the engine does.
struct Services::Parts {
  Parts(storage::RocksDbStore& database, const ServiceSettings& s,
        api::DatabaseSnapshots* snapshots)
      : store(cached_or_not(database, cached, s.item_cache_mb)),
        engine(store, engine::CatalogConfig{.region = s.region}, s.enforce_throughput, s.streams,
               s.item_collection_limit),
        keys(engine.auth_records()),
        authenticator(s.auth, &keys, s.region, s.shared_regions),
        policies(engine.auth_records()),
        authorizer(policies),
        // Backups' snapshots live beside the data they share files with (decision 0030).
        backups(engine, s.data_dir + "/backups", !s.in_memory),
        // Point-in-time recovery's bases likewise (its change records are in the store).
        recovery(engine, backups, s.data_dir + "/recovery", !s.in_memory),
        // Exports write to buckets: directories under --s3-dir (decision 0031).
        exports(engine, recovery, export_formats, s.bucket_root, s.data_dir + "/export-work",
                !s.in_memory, export_settings(s)),
        imports(engine, import_format, s.bucket_root),
        // `cairn backup`: the database with the snapshots kept beside it.
        server_backup(engine, s.data_dir, {s.data_dir + "/backups", s.data_dir + "/recovery"},
                      !s.in_memory),
        dispatcher(engine, &authenticator, &authorizer, &keys,
                   {&backups, &recovery, &exports, &imports, &server_backup, snapshots,
                    server_account()}) {
    engine.ttl().set_interval(s.ttl_interval);
    seed_key_from_environment(keys);
  }

  std::optional<storage::CachingStore> cached;
  storage::KvStore& store;
  engine::Engine engine;
  auth::CredentialStore keys;
  const auth::Authenticator authenticator;
  auth::PolicyStore policies;
  auth::Authorizer authorizer;
  backup::BackupCatalog backups;
  backup::ContinuousBackups recovery;
  const api::ExportFormatsByName export_formats;
  backup::Exports exports;
  const api::ImportInputFormat import_format;
  backup::Imports imports;
  backup::ServerBackup server_backup;
  api::Dispatcher dispatcher;
};

Services::Services(storage::RocksDbStore& database, const ServiceSettings& settings,
                   api::DatabaseSnapshots* snapshots)
    : parts_(std::make_unique<Parts>(database, settings, snapshots)) {}

Services::~Services() = default;

const api::Dispatcher& Services::dispatcher() const {
  return parts_->dispatcher;
}

}  // namespace cairn::server
