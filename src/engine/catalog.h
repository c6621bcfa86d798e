// The table catalogue: which tables exist and their metadata, persisted in the store
// under 'm' + table name and cached in memory. Reads take a shared lock only long enough
// to copy a shared_ptr; DDL operations serialize among themselves.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "engine/key_space.h"
#include "engine/storage_fwd.h"
#include "engine/table_info.h"

namespace cairn::engine {

using TablePtr = std::shared_ptr<const TableInfo>;

struct CatalogConfig {
  std::string region = "us-east-1";
  std::string account = "000000000000";
  size_t max_tables = 2500;  // DynamoDB's default per-account, per-region table quota
};

class Catalog {
 public:
  Catalog(storage::KvStore& store, CatalogConfig config);

  // Creates the table described by spec (name, account, keys, definitions, billing, tags,
  // indexes, ...); fills in the storage ids (the table's and its indexes'), TableId, ARN
  // and creation time. ResourceInUseException if the account has a table of that name.
  TablePtr create(TableInfo spec);
  // The same, for a table whose data is written before it exists (a restore): fill gets
  // the table with its storage ids assigned and writes its items and index entries; only
  // then is the table published. The ids are spent before fill runs, so a kill meanwhile
  // leaves keys under ids no table will ever have, never a table half made. DDL waits
  // while fill runs. Throws what create throws, and what fill throws.
  TablePtr create_filled(TableInfo spec, const std::function<void(const TableInfo&)>& fill);
  // A table whose data is written in the background, without holding DDL (an import):
  // reserve() does create's checks, spends the storage ids and holds the name (a create of
  // it meanwhile is ResourceInUseException); the data is written under the ids; then
  // publish_reserved() makes it a table, or release_reserved() removes what was written and
  // frees the name. A kill in between leaves keys under ids no table will ever have (their
  // owner removes them: remove_data_of).
  TableInfo reserve(TableInfo spec);
  TablePtr publish_reserved(TableInfo reserved);
  void release_reserved(const TableInfo& reserved);
  // Removes every key under the storage ids of spec (its table's and its indexes').
  void remove_data_of(const TableInfo& spec);
  // Tables belong to an account and a region. A table's key in the catalog is its name in
  // the catalog's own account and region (CatalogConfig, and every table made before
  // accounts and regions), and "account:region:name" elsewhere (':' never appears in a
  // table name). Below, `key` is such a key; the api layer asks by account, region and name.
  std::string key_of(std::string_view account, std::string_view region,
                     std::string_view name) const;
  std::string key_of(const TableInfo& t) const { return key_of(t.account_id, t.region, t.name); }
  // The account's table of that name in that region, or nullptr.
  TablePtr find(std::string_view account, std::string_view region, std::string_view name) const;
  // The same; ResourceNotFoundException (naming the table) when there is none.
  TablePtr get(std::string_view account, std::string_view region, std::string_view name) const;
  // The account's table names in that region, in ascending order.
  std::vector<std::string> names(std::string_view account, std::string_view region) const;

  // nullptr when there is no such table.
  TablePtr find(std::string_view key) const;
  // ResourceNotFoundException when there is no such table.
  TablePtr get(std::string_view key) const;
  // The table whose ARN this is, or nullptr.
  TablePtr find_by_arn(std::string_view arn) const;
  // Every table's key, in ascending order (the background workers' walk).
  std::vector<std::string> names() const;
  // Applies change to a copy of the table's metadata, persists and publishes it. Indexes
  // the change adds get storage ids; the entries of indexes it drops are removed. change
  // may throw (an ApiError) to refuse: nothing is published then. DDL is serialized, so
  // change sees the latest metadata and no other change in between.
  TablePtr update(std::string_view name, const std::function<void(TableInfo&)>& change);
  // Like update, but change returns whether it changed anything; nothing is published
  // (and nullptr returned) when it did not or when the table does not exist.
  TablePtr update_if(std::string_view name, const std::function<bool(TableInfo&)>& change);
  // Removes the table and its items. Returns what it was. ResourceInUseException while
  // one of its indexes is being created (as DynamoDB refuses it).
  TablePtr drop(std::string_view name);

  // Whether a snapshot of the table (by storage id) that a later one has replaced is still
  // held. Requests hold their TablePtr for their whole duration, so once this is false no
  // request can still act on metadata older than the current one (an index backfill waits
  // for this; see index_backfill.h).
  bool superseded_snapshots_held(uint64_t table_storage_id) const;

  const CatalogConfig& config() const { return config_; }
  std::string arn_of(std::string_view account, std::string_view region,
                     std::string_view table_name) const;

 private:
  // Gives new indexes and a new stream their storage ids (and the stream its label).
  void assign_storage_ids(TableInfo& t, const TableInfo* previous);
  TablePtr publish(const TablePtr& current, std::shared_ptr<TableInfo> next);
  // create's checks (the name free, the account's table limit) and its ids and times.
  void prepare(TableInfo& spec);
  TablePtr publish_new(TableInfo spec);
  void persist(const TableInfo& t);
  void remove_ranges(const std::vector<KeyRange>& ranges);

  storage::KvStore& store_;
  CatalogConfig config_;
  std::mutex ddl_mu_;  // serializes create/update/drop
  struct Owner {
    std::string account_id;
    std::string region;
  };
  std::map<std::string, Owner, std::less<>> reserved_;  // the tables being made (reserve)
  mutable std::shared_mutex mu_;
  std::map<std::string, TablePtr, std::less<>> tables_;
  // Per table storage id, the snapshots replaced by update(), while possibly still held.
  mutable std::map<uint64_t, std::vector<std::weak_ptr<const TableInfo>>> superseded_;
  uint64_t next_storage_id_ = 1;
};

}  // namespace cairn::engine
