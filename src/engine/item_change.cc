#include "engine/item_change.h"

#include "engine/expiry_index.h"
#include "engine/index_maintenance.h"
#include "model/clock.h"
#include "storage/kv_store.h"

namespace cairn::engine {

std::optional<uint64_t> ItemChangeWriter::apply(storage::KvTransaction& txn, const TableInfo& table,
                                                const ItemImage& before, const ItemImage& after,
                                                Pending& pending, ConsumedCapacity* consumed,
                                                ChangeOrigin origin) {
  std::optional<uint64_t> collection_size;
  if (!table.indexes.empty()) {
    update_index_entries(txn, table, before, after, consumed);
    collection_size = update_collection_size(txn, table, before, after, collection_limit_);
  }
  update_expiry_entry(txn, table, before.item, after.item);
  if (table.stream_enabled()) {
    auto record =
        describe_change(table, table.stream->view_type, before.item, after.item, origin, now_ms());
    if (record) pending.tickets_.push_back(streams_.log_for(table)->append(txn, *record));
  }
  return collection_size;
}

}  // namespace cairn::engine
