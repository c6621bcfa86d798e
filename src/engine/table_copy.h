// Copies one table's stored data from a store (a snapshot: backup/) into another under a new
// table's storage ids: its items, the entries of every index the new table keeps (matched by
// name: a restore may drop indexes, never change them), and its item collection sizes. The
// keys differ only in their storage-id prefix, so the copy is a walk of ordered ranges,
// committed in batches. Streams, expiry entries and TTL settings are not copied (DynamoDB
// does not restore them).
#pragma once

#include <cstdint>

#include "engine/storage_fwd.h"
#include "engine/table_info.h"

namespace cairn::engine {

struct CopiedData {
  uint64_t items = 0;
  uint64_t bytes = 0;  // keys and values of the items, as stored
};

CopiedData copy_table_data(storage::KvStore& from_store, const TableInfo& from,
                           storage::KvStore& to_store, const TableInfo& to);

}  // namespace cairn::engine
