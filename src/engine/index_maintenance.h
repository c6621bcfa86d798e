// Keeping secondary indexes in step with the table: every write of an item (put, update,
// delete, batch, transaction; later TTL) calls update_index_entries inside the same
// transaction, so the item and its index entries change in one atomic commit.
#pragma once

#include "engine/capacity.h"
#include "engine/storage_fwd.h"
#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine {

// Moves the item's entry in each of the table's indexes from what old_item had (nullptr:
// the item did not exist) to what new_item has (nullptr: the item is deleted). An item
// missing an index's key attributes has no entry in it; an entry whose key and projected
// attributes stay the same is not rewritten. With consumed, adds each index's write units
// as DynamoDB charges them: one write per entry put or deleted (two when the index key
// changes), none when the index is not affected.
// new_item_bytes, when given, is new_item already encoded: ALL-projection entries reuse it.
// txn must hold the item's lock (get_for_update of its key): the entries are written
// without locks of their own (KvTransaction::put_unlocked), the item's lock covers them.
void update_index_entries(storage::KvTransaction& txn, const TableInfo& table, const Item* old_item,
                          const Item* new_item, ConsumedCapacity* consumed = nullptr,
                          std::string_view new_item_bytes = {});

}  // namespace cairn::engine
