// Keeping secondary indexes in step with the table: every change of an item moves its
// index entries in the change's own transaction (ItemChangeWriter::apply), so the item and
// its entries change in one atomic commit.
#pragma once

#include "engine/capacity.h"
#include "engine/item_image.h"
#include "engine/storage_fwd.h"
#include "engine/table_info.h"

namespace cairn::engine {

// Moves the item's entry in each of the table's indexes from what it had before (absent:
// the item did not exist) to what it has after (absent: the item is deleted). An item
// missing an index's key attributes has no entry in it; an entry whose key and projected
// attributes stay the same is not rewritten. With consumed, adds each index's write units
// as DynamoDB charges them: one write per entry put or deleted (two when the index key
// changes), none when the index is not affected. An ALL-projection entry is the item
// itself: it reuses the image's size and stored form.
// txn must hold the item's lock: the entries are written without locks of their own
// (KvTransaction::put_unlocked), the item's lock covers them.
void update_index_entries(storage::KvTransaction& txn, const TableInfo& table,
                          const ItemImage& before, const ItemImage& after,
                          ConsumedCapacity* consumed = nullptr);

}  // namespace cairn::engine
