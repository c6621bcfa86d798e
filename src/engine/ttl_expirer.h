// Time to Live: the table setting (UpdateTimeToLive) and the background worker that deletes
// expired items. Every `interval` (`cairn serve --ttl-interval`), and at once after a
// setting changes, the worker
//
//   1. brings the expiry entries (expiry_index.h) of every table marked by a TTL change in
//      line with its setting. After an enable, the items already there get their entries
//      the way an index backfill gives a new GSI its entries (index_backfill.h): it waits
//      until no request holds a snapshot of the table from before the change (such a
//      request writes without maintaining entries), clears the table's entries, then walks
//      the items, writing each one's entry under the item's lock, so a write racing with the
//      walk is reflected exactly once. After a disable it only clears them. A restart
//      resumes what a shutdown or crash interrupted (the mark is persistent).
//   2. for each table with TTL enabled, walks its entries that expired by now (not those
//      more than five years old, which DynamoDB never deletes) and deletes each item through
//      ItemStore::expire, which re-checks the item under its lock. The cost is one entry
//      read per expired item, not a table scan.
//
// TTL deletions consume no capacity and are never throttled. DynamoDB's rule of one TTL
// change per table per hour is not enforced (a local server has no reason to make tests
// wait an hour).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/background_worker.h"
#include "engine/catalog.h"
#include "engine/item_store.h"
#include "engine/storage_fwd.h"

namespace cairn::engine {

class TtlExpirer {
 public:
  // With background set, starts the worker; without, nothing runs until the caller calls
  // sync_pending and expire_due (tests).
  TtlExpirer(storage::KvStore& store, Catalog& catalog, ItemStore& items, bool background = true);
  // Stops the worker between two items; an interrupted sync resumes at the next start.
  ~TtlExpirer();

  TtlExpirer(const TtlExpirer&) = delete;
  TtlExpirer& operator=(const TtlExpirer&) = delete;

  // UpdateTimeToLive: enables TTL on attribute, or disables it, with DynamoDB's checks
  // (ValidationException: already enabled, already disabled, active on a different
  // attribute; ResourceNotFoundException: no such table). Returns the table as published.
  TablePtr update(std::string_view table_name, const std::string& attribute, bool enabled);

  // How long the worker sleeps between two passes (default one second).
  void set_interval(std::chrono::milliseconds interval);

  // Brings the entries of every marked table in line with its TTL setting. False when the
  // worker was stopped before it could finish.
  bool sync_pending();
  // Deletes every item of a TTL-enabled table that has expired by now_ms; returns how many.
  size_t expire_due(int64_t now_ms);

 private:
  enum class Outcome { kDone, kRetry, kStopped };

  // One pass: sync_pending, then expire_due.
  BackgroundWorker::PassOutcome pass();
  Outcome sync(uint64_t table_storage_id);
  // The table with this storage id, or nullptr.
  TablePtr table_by_storage_id(uint64_t table_storage_id) const;
  // Writes the entry of the item stored under key, if it has one, under the item's lock.
  // False when stopped before it could.
  bool sync_item(const TableInfo& table, const std::string& key);
  size_t expire_table(const TableInfo& table, int64_t now_ms);

  storage::KvStore& store_;
  Catalog& catalog_;
  ItemStore& items_;
  BackgroundWorker worker_;  // last: stops before everything above goes
};

}  // namespace cairn::engine
