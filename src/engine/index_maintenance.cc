#include "engine/index_maintenance.h"

#include "storage/kv_store.h"

#include "engine/index_keys.h"
#include "model/item_codec.h"
#include "model/item_size.h"

namespace cairn::engine {
namespace {

// An item as an index holds it; for ALL projections, the item itself (no copy).
class Projected {
 public:
  Projected(const TableInfo& table, const IndexInfo& index, const Item& item) : item_(&item) {
    if (index.projection != ProjectionType::kAll) {
      projected_ = project_for_index(table, index, item);
      item_ = &projected_;
    }
  }
  const Item& get() const { return *item_; }

 private:
  const Item* item_;
  Item projected_;
};

}  // namespace

void update_index_entries(storage::KvTransaction& txn, const TableInfo& table, const Item* old_item,
                          const Item* new_item, ConsumedCapacity* consumed,
                          std::string_view new_item_bytes) {
  std::string value;
  for (const auto& index : table.indexes) {
    auto old_key = old_item ? index_entry_key(table, index, *old_item) : std::nullopt;
    auto new_key = new_item ? index_entry_key(table, index, *new_item) : std::nullopt;
    if (!old_key && !new_key) continue;
    auto charge = [&](const Item& entry) {
      if (consumed) consumed->index(index).write += write_units(item_size(entry));
    };
    if (old_key && old_key != new_key) {
      txn.remove_unlocked(*old_key);
      charge(Projected(table, index, *old_item).get());
    }
    if (!new_key) continue;
    Projected entry(table, index, *new_item);
    if (old_key == new_key && Projected(table, index, *old_item).get() == entry.get()) continue;
    if (index.projection == ProjectionType::kAll && !new_item_bytes.empty()) {
      txn.put_unlocked(*new_key, new_item_bytes);
    } else {
      value.clear();
      encode_item(entry.get(), value);
      txn.put_unlocked(*new_key, value);
    }
    charge(entry.get());
  }
}

}  // namespace cairn::engine
