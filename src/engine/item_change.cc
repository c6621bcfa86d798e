#include "engine/item_change.h"

#include "storage/kv_store.h"

#include "engine/expiry_index.h"
#include "engine/index_maintenance.h"
#include "model/clock.h"

namespace cairn::engine {

void ItemChangeWriter::apply(storage::KvTransaction& txn, const TableInfo& table,
                             const Item* old_item, const Item* new_item, Pending& pending,
                             ConsumedCapacity* consumed, std::string_view new_item_bytes,
                             ChangeOrigin origin) {
  if (!table.indexes.empty()) {
    update_index_entries(txn, table, old_item, new_item, consumed, new_item_bytes);
    update_collection_size(txn, table, old_item, new_item, collection_limit_);
  }
  update_expiry_entry(txn, table, old_item, new_item);
  if (table.stream_enabled()) {
    auto record =
        describe_change(table, table.stream->view_type, old_item, new_item, origin, now_ms());
    if (record) pending.tickets_.push_back(streams_.log_for(table)->append(txn, *record));
  }
}

}  // namespace cairn::engine
