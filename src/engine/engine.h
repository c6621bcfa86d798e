// Engine: DynamoDB's semantics over one KvStore. The api layer holds one Engine and
// calls into its parts; nothing here knows JSON or HTTP.
#pragma once

#include "engine/auth_records.h"
#include "engine/catalog.h"
#include "engine/idempotency.h"
#include "engine/index_backfill.h"
#include "engine/item_change.h"
#include "engine/item_store.h"
#include "engine/key_space_format.h"
#include "engine/ongoing_transactions.h"
#include "engine/range_reader.h"
#include "engine/server_secret.h"
#include "engine/storage_fwd.h"
#include "engine/stream_registry.h"
#include "engine/throughput.h"
#include "engine/transaction.h"
#include "engine/ttl_expirer.h"

namespace cairn::engine {

class Engine {
 public:
  Engine(storage::KvStore& store, CatalogConfig config, bool enforce_throughput = false,
         StreamSettings stream_settings = {},
         uint64_t item_collection_limit = kMaxItemCollectionBytes)
      : store_(open_key_space(store)),
        token_secret_(load_or_create_secret(store_, kTokenSecret)),
        catalog_(store, std::move(config)),
        streams_(store, stream_settings),
        changes_(streams_, item_collection_limit),
        items_(store, changes_, ongoing_),
        ranges_(store),
        transactions_(store, changes_, ongoing_),
        idempotency_(store),
        throughput_(enforce_throughput),
        backfiller_(store, catalog_),
        ttl_(store, catalog_, items_),
        auth_records_(store) {
    reconcile_streams();
    streams_.start();
  }

  Catalog& catalog() { return catalog_; }
  // The store under everything (for the parts that snapshot it: backup/).
  storage::KvStore& store() { return store_; }
  StreamRegistry& streams() { return streams_; }
  ItemStore& items() { return items_; }
  // What follows from an item's change (for the writes outside a request: a restore's
  // replay of change records).
  ItemChangeWriter& changes() { return changes_; }
  RangeReader& ranges() { return ranges_; }
  Transactions& transactions() { return transactions_; }
  IdempotencyRegistry& idempotency() { return idempotency_; }
  ThroughputLimiter& throughput() { return throughput_; }
  // Call after publishing an index as CREATING (UpdateTable's Create).
  IndexBackfiller& backfiller() { return backfiller_; }
  // UpdateTimeToLive, and the worker that deletes expired items.
  TtlExpirer& ttl() { return ttl_; }
  // What authentication keeps (its access keys; auth/credential_store.h).
  AuthRecords& auth_records() { return auth_records_; }
  // The key that signs the tokens the server hands out (server_secret.h).
  const std::string& token_secret() const { return token_secret_; }

  // Makes every write so far durable (storage::KvStore::make_durable): called before any
  // response leaves, so that a client never hears of a write, nor sees its effect, before
  // it would survive a kill of the process.
  void make_durable();

 private:
  // A crash between a table's metadata commit and its stream's descriptor commit leaves
  // them out of step: the table's metadata wins.
  void reconcile_streams() {
    for (const auto& name : catalog_.names()) {
      auto t = catalog_.find(name);
      if (!t || !t->stream) continue;
      if (t->stream->enabled) {
        streams_.log_for(*t);
      } else {
        streams_.disable(*t);
      }
    }
  }

  storage::KvStore& store_;  // first: its key space is brought up to date before any part reads it
  const std::string token_secret_;
  Catalog catalog_;
  StreamRegistry streams_;
  ItemChangeWriter changes_;
  OngoingTransactions ongoing_;
  ItemStore items_;
  RangeReader ranges_;
  Transactions transactions_;
  IdempotencyRegistry idempotency_;
  ThroughputLimiter throughput_;
  // Last: their worker threads stop (in their destructors) before the parts they use go.
  IndexBackfiller backfiller_;
  TtlExpirer ttl_;
  AuthRecords auth_records_;
};

}  // namespace cairn::engine
