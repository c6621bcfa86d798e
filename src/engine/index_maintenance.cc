#include "engine/index_maintenance.h"

#include "engine/index_keys.h"
#include "model/item_codec.h"
#include "model/item_size.h"
#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

// An item as an index holds it, with its size; for ALL projections, the item itself (no
// copy, and the size the write measured).
class Projected {
 public:
  Projected(const TableInfo& table, const IndexInfo& index, const ItemImage& image)
      : item_(image.item), size_(image.size) {
    if (index.projection != ProjectionType::kAll) {
      projected_ = project_for_index(table, index, *image.item);
      item_ = &projected_;
      size_ = item_size(projected_);
    }
  }
  const Item& get() const { return *item_; }
  size_t size() const { return size_; }

 private:
  const Item* item_;
  size_t size_;
  Item projected_;
};

}  // namespace

void update_index_entries(storage::KvTransaction& txn, const TableInfo& table,
                          const ItemImage& before, const ItemImage& after,
                          ConsumedCapacity* consumed) {
  std::string value;
  for (const auto& index : table.indexes) {
    auto old_key = before.item ? index_entry_key(table, index, *before.item) : std::nullopt;
    auto new_key = after.item ? index_entry_key(table, index, *after.item) : std::nullopt;
    if (!old_key && !new_key) continue;
    auto charge = [&](size_t entry_size) {
      consumed->index(index).write += write_units(entry_size);
    };
    if (old_key && old_key != new_key) {
      txn.remove_unlocked(*old_key);
      if (consumed) charge(Projected(table, index, before).size());
    }
    if (!new_key) continue;
    Projected entry(table, index, after);
    if (old_key == new_key && Projected(table, index, before).get() == entry.get()) continue;
    if (index.projection == ProjectionType::kAll && !after.stored.empty()) {
      txn.put_unlocked(*new_key, after.stored);
    } else {
      value.clear();
      encode_item(entry.get(), entry.size(), value);
      txn.put_unlocked(*new_key, value);
    }
    if (consumed) charge(entry.size());
  }
}

}  // namespace cairn::engine
