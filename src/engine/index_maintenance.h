// Keeping secondary indexes in step with the table: every write of an item (put, update,
// delete, batch; later transactions and TTL) calls update_index_entries inside the same
// transaction, so the item and its index entries change in one atomic commit.
#pragma once

#include "engine/table_info.h"
#include "model/attribute_value.h"
#include "storage/kv_store.h"

namespace cairn::engine {

// Moves the item's entry in each of the table's indexes from what old_item had (nullptr:
// the item did not exist) to what new_item has (nullptr: the item is deleted). An item
// missing an index's key attributes has no entry in it.
void update_index_entries(storage::KvTransaction& txn, const TableInfo& table, const Item* old_item,
                          const Item* new_item);

}  // namespace cairn::engine
