#include "engine/collection_sizes.h"

#include <algorithm>
#include <optional>

#include "engine/index_keys.h"
#include "engine/key_space.h"
#include "model/api_error.h"
#include "model/item_size.h"
#include "model/key_codec.h"
#include "storage/kv_store.h"

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

uint64_t collection_share(const TableInfo& table, const ItemImage& image) {
  if (!image.item) return 0;
  uint64_t share = image.size;
  for (const auto& index : table.indexes) {
    if (index.kind != IndexKind::kLocal || !index_entry_key(table, index, *image.item)) continue;
    share += index.projection == ProjectionType::kAll
                 ? image.size
                 : item_size(project_for_index(table, index, *image.item));
  }
  return share;
}

std::optional<uint64_t> update_collection_size(storage::KvTransaction& txn, const TableInfo& table,
                                               const ItemImage& before, const ItemImage& after,
                                               uint64_t limit) {
  if (!has_item_collections(table)) return std::nullopt;
  const Item* item = after.item ? after.item : before.item;
  if (!item) return std::nullopt;
  auto pk = item->find(table.hash_key.name);
  if (pk == item->end()) return std::nullopt;
  const std::string key = collection_size_key(table.storage_id, pk->second);
  const uint64_t share_before = collection_share(table, before);
  const uint64_t share_after = collection_share(table, after);
  // Unchanged: the size as it stands (ReturnItemCollectionMetrics), without the lock.
  if (share_before == share_after) return decode_size(txn.get(key));
  const uint64_t size = decode_size(txn.get_for_update(key));
  // Clamped at zero: a collection written before its counter existed starts counting then.
  const uint64_t next = share_after > share_before
                            ? size + (share_after - share_before)
                            : size - std::min(size, share_before - share_after);
  if (share_after > share_before && next > limit) {
    throw ApiError::item_collection_size_limit_exceeded();
  }
  if (next == 0) {
    txn.remove(key);
  } else {
    std::string value;
    append_big_endian64(value, next);
    txn.put(key, value);
  }
  return next;
}

uint64_t collection_size_in(storage::KvTransaction& txn, const TableInfo& table,
                            const AttributeValue& partition_key) {
  return decode_size(txn.get(collection_size_key(table.storage_id, partition_key)));
}

uint64_t read_collection_size(storage::KvStore& store, const TableInfo& table,
                              const AttributeValue& partition_key) {
  return decode_size(store.get(collection_size_key(table.storage_id, partition_key)));
}

}  // namespace cairn::engine
