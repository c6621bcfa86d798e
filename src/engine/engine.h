// Engine: DynamoDB's semantics over one KvStore. The api layer holds one Engine and
// calls into its parts; nothing here knows JSON or HTTP.
#pragma once

#include "engine/catalog.h"
#include "engine/idempotency.h"
#include "engine/index_backfill.h"
#include "engine/item_store.h"
#include "engine/range_reader.h"
#include "engine/throughput.h"
#include "engine/transaction.h"
#include "storage/kv_store.h"

namespace cairn::engine {

class Engine {
 public:
  Engine(storage::KvStore& store, CatalogConfig config, bool enforce_throughput = false)
      : catalog_(store, std::move(config)),
        items_(store),
        ranges_(store),
        transactions_(store),
        throughput_(enforce_throughput),
        backfiller_(store, catalog_) {}

  Catalog& catalog() { return catalog_; }
  ItemStore& items() { return items_; }
  RangeReader& ranges() { return ranges_; }
  Transactions& transactions() { return transactions_; }
  IdempotencyRegistry& idempotency() { return idempotency_; }
  ThroughputLimiter& throughput() { return throughput_; }
  // Call after publishing an index as CREATING (UpdateTable's Create).
  IndexBackfiller& backfiller() { return backfiller_; }

 private:
  Catalog catalog_;
  ItemStore items_;
  RangeReader ranges_;
  Transactions transactions_;
  IdempotencyRegistry idempotency_;
  ThroughputLimiter throughput_;
  // Last: its worker thread stops (in its destructor) before the parts it uses go.
  IndexBackfiller backfiller_;
};

}  // namespace cairn::engine
