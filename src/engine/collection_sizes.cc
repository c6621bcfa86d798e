#include "engine/collection_sizes.h"

#include "storage/kv_store.h"

#include <algorithm>
#include <optional>

#include "engine/index_keys.h"
#include "engine/key_space.h"
#include "model/api_error.h"
#include "model/item_size.h"
#include "model/key_codec.h"

namespace cairn::engine {
namespace {

uint64_t decode_size(const std::optional<std::string>& value) {
  return value && value->size() == 8 ? read_big_endian64(*value) : 0;
}

}  // namespace

bool has_item_collections(const TableInfo& table) {
  for (const auto& index : table.indexes) {
    if (index.kind == IndexKind::kLocal) return true;
  }
  return false;
}

uint64_t collection_share(const TableInfo& table, const Item& item) {
  uint64_t share = item_size(item);
  for (const auto& index : table.indexes) {
    if (index.kind != IndexKind::kLocal || !index_entry_key(table, index, item)) continue;
    share += index.projection == ProjectionType::kAll
                 ? item_size(item)
                 : item_size(project_for_index(table, index, item));
  }
  return share;
}

void update_collection_size(storage::KvTransaction& txn, const TableInfo& table,
                            const Item* old_item, const Item* new_item, uint64_t limit) {
  if (!has_item_collections(table)) return;
  const Item* item = new_item ? new_item : old_item;
  if (!item) return;
  const uint64_t before = old_item ? collection_share(table, *old_item) : 0;
  const uint64_t after = new_item ? collection_share(table, *new_item) : 0;
  if (before == after) return;
  auto pk = item->find(table.hash_key.name);
  if (pk == item->end()) return;
  const std::string key = collection_size_key(table.storage_id, pk->second);
  const uint64_t size = decode_size(txn.get_for_update(key));
  // Clamped at zero: a collection written before its counter existed starts counting then.
  const uint64_t next =
      after > before ? size + (after - before) : size - std::min(size, before - after);
  if (after > before && next > limit) {
    throw ApiError::item_collection_size_limit_exceeded();
  }
  if (next == 0) {
    txn.remove(key);
  } else {
    std::string value;
    append_big_endian64(value, next);
    txn.put(key, value);
  }
}

uint64_t read_collection_size(storage::KvStore& store, const TableInfo& table,
                              const AttributeValue& partition_key) {
  return decode_size(store.get(collection_size_key(table.storage_id, partition_key)));
}

}  // namespace cairn::engine
