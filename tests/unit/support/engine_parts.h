// The engine's write side as the Engine wires it (store, streams, change writer, ongoing
// transactions, item store, transactions) over an in-memory RocksDB, for the unit tests of
// the parts that read and write items. Each instance gets a database of its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/collection_sizes.h"
#include "engine/item_change.h"
#include "engine/item_store.h"
#include "engine/ongoing_transactions.h"
#include "engine/stream_registry.h"
#include "engine/transaction.h"
#include "storage/rocksdb_store.h"

namespace cairn::testing_support {

struct EnginePartsOptions {
  size_t bloom_prefix_length = 0;  // the store's (RocksDbOptions)
  uint64_t collection_limit = engine::kMaxItemCollectionBytes;
};

struct EngineParts {
  explicit EngineParts(EnginePartsOptions options = {})
      : store({"/engine-parts-" + std::to_string(++instances), /*in_memory=*/true,
               /*sync=*/false, options.bloom_prefix_length}),
        changes(streams, options.collection_limit) {}

  static inline int instances = 0;
  storage::RocksDbStore store;
  engine::StreamRegistry streams{store, {}};
  engine::ItemChangeWriter changes;
  engine::OngoingTransactions ongoing;
  engine::ItemStore items{store, changes, ongoing};
  engine::Transactions transactions{store, changes, ongoing};
};

}  // namespace cairn::testing_support
