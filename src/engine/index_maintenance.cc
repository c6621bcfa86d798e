#include "engine/index_maintenance.h"

#include "engine/index_keys.h"
#include "model/item_codec.h"

namespace cairn::engine {

void update_index_entries(storage::KvTransaction& txn, const TableInfo& table, const Item* old_item,
                          const Item* new_item) {
  std::string value;
  for (const auto& index : table.indexes) {
    auto old_key = old_item ? index_entry_key(table, index, *old_item) : std::nullopt;
    auto new_key = new_item ? index_entry_key(table, index, *new_item) : std::nullopt;
    if (old_key && old_key != new_key) txn.remove(*old_key);
    if (new_key) {
      value.clear();
      if (index.projection == ProjectionType::kAll) {
        encode_item(*new_item, value);
      } else {
        encode_item(project_for_index(table, index, *new_item), value);
      }
      txn.put(*new_key, value);
    }
  }
}

}  // namespace cairn::engine
