// Backfilling a global secondary index that UpdateTable adds to a table already holding
// items. UpdateTable publishes the index in the catalogue as CREATING first, so every write
// from then on maintains it (the item store updates the entries of every index of the
// table snapshot a request holds). The backfiller adds the entries of the items already
// there, one index at a time, on its own thread:
//
//   1. It waits until no request holds a snapshot of the table from before the index was
//      published (Catalog::superseded_snapshots_held). Such a request does not maintain the
//      new index - a plain PutItem on a table without indexes is a blind put, taking no
//      lock - and might commit after the walk has passed its item.
//   2. It clears the index's entries. While old and new snapshots were both in use, a write
//      through a new one may have stored an entry that a later write through an old one
//      made stale; the walk rewrites every entry that is still right.
//   3. It walks the table's items in key order. For each one, in one transaction, it
//      re-reads the item under its lock (get_for_update) and writes its entry, so a write
//      racing with the walk is reflected exactly once: it either commits first and the walk
//      reads its result, or commits after and moves the entry itself. Items whose index key
//      attributes DynamoDB would refuse (wrong type, empty, too long) are skipped, as
//      DynamoDB skips such index key violations.
//   4. It publishes the index ACTIVE.
//
// The table serves reads and writes throughout. A backfill stops when its index is
// deleted (removing anything it wrote after the deletion) or the engine shuts down; an
// index left CREATING by a shutdown or a crash is backfilled again at the next start.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/background_worker.h"
#include "engine/catalog.h"
#include "engine/storage_fwd.h"

namespace cairn::engine {

class IndexBackfiller {
 public:
  // Starts the worker, which at once backfills every index the catalogue has CREATING.
  IndexBackfiller(storage::KvStore& store, Catalog& catalog);
  // Stops the worker between two items; the index being backfilled stays CREATING.
  ~IndexBackfiller();

  IndexBackfiller(const IndexBackfiller&) = delete;
  IndexBackfiller& operator=(const IndexBackfiller&) = delete;

  // Tells the worker that the catalogue has a new CREATING index.
  void wake();

 private:
  // One index to backfill, named by storage ids: a table re-created under the same name,
  // or an index re-created under the same name, is another job.
  struct Job {
    std::string table_name;
    uint64_t table_storage_id = 0;
    std::string index_name;
    uint64_t index_storage_id = 0;
  };
  enum class Outcome { kActive, kAbandoned, kStopped };

  // Backfills every CREATING index, one after the other.
  BackgroundWorker::PassOutcome backfill_all();
  std::optional<Job> next_job() const;
  Outcome backfill(const Job& job);
  // The table's current snapshot while the job's index is still in it, else nullptr.
  TablePtr live_table(const Job& job) const;
  // Writes the entry of the item stored under key, if it exists and is indexable. False
  // when stopped before it could.
  bool backfill_item(const TableInfo& table, const IndexInfo& index, const std::string& key);
  Outcome abandon(const Job& job);
  // Removes every entry of the job's index.
  void remove_entries(const Job& job);
  bool publish_active(const Job& job);

  storage::KvStore& store_;
  Catalog& catalog_;
  BackgroundWorker worker_;  // last: stops before everything above goes
};

}  // namespace cairn::engine
