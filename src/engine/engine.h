// Engine: DynamoDB's semantics over one KvStore. The api layer holds one Engine
// and calls into its parts; nothing here knows JSON or HTTP.
#pragma once

#include "engine/catalog.h"
#include "engine/idempotency.h"
#include "engine/item_store.h"
#include "engine/range_reader.h"
#include "engine/transaction.h"
#include "storage/kv_store.h"

namespace cairn::engine {

class Engine {
public:
  Engine(storage::KvStore &store, CatalogConfig config)
      : catalog_(store, std::move(config)), items_(store), ranges_(store),
        transactions_(store) {}

  Catalog &catalog() { return catalog_; }
  ItemStore &items() { return items_; }
  RangeReader &ranges() { return ranges_; }
  Transactions &transactions() { return transactions_; }
  IdempotencyRegistry &idempotency() { return idempotency_; }

private:
  Catalog catalog_;
  ItemStore items_;
  RangeReader ranges_;
  Transactions transactions_;
  IdempotencyRegistry idempotency_;
};

} // namespace cairn::engine
