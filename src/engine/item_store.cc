#include "engine/item_store.h"

#include "storage/kv_store.h"

#include <algorithm>
#include <unordered_set>

#include "engine/collection_sizes.h"
#include "engine/expiry_index.h"
#include "engine/key_rules.h"
#include "engine/key_space.h"
#include "engine/storage_conflicts.h"
#include "model/api_error.h"
#include "model/item_codec.h"
#include "model/item_size.h"
#include "model/key_codec.h"

namespace cairn::engine {
namespace {

std::string key_bytes(const TableInfo& table, const KeyRef& ref) {
  return item_key(table.storage_id, *ref.hash, ref.range);
}

std::optional<Item> decoded(const std::optional<std::string>& bytes) {
  if (!bytes) return std::nullopt;
  return decode_item(*bytes);
}

const Item* ptr(const std::optional<Item>& item) {
  return item ? &*item : nullptr;
}

// A write costs the units of the larger of the item before and after it.
void charge_write(ConsumedCapacity* consumed, const Item* before, const Item* after) {
  if (!consumed) return;
  const size_t size = std::max(before ? item_size(*before) : 0, after ? item_size(*after) : 0);
  consumed->table.write += write_units(size);
}

}  // namespace

std::string ItemStore::storage_key(const TableInfo& table, const Item& key) {
  return key_bytes(table, validate_key(table, key));
}

std::string ItemStore::validated_put_key(const TableInfo& table, const Item& item,
                                         IndexKeySource source) {
  std::string key = key_bytes(table, validate_item_key(table, item));
  if (!table.indexes.empty()) validate_index_keys(table, item, source);
  if (item_size(item) > kMaxItemSize) {
    throw ApiError::validation("Item size has exceeded the maximum allowed size");
  }
  return key;
}

void ItemStore::refuse_if_in_transaction(std::string_view key) const {
  if (ongoing_.holds(key)) throw ApiError::transaction_conflict();
}

std::optional<Item> ItemStore::put(const TableInfo& table, const Item& item, bool want_old,
                                   const Precondition& check, ConsumedCapacity* consumed) {
  return conflicts_as_api_errors([&]() -> std::optional<Item> {
    const std::string key = validated_put_key(table, item);
    refuse_if_in_transaction(key);
    const std::string value = encode_item(item);
    // A write that needs nothing of the old item is one blind put; with indexes, the old
    // item's entries must be found and replaced, and its size decides the capacity charged.
    if (!want_old && !check && !consumed && !table.writes_need_old_item()) {
      store_.put(key, value);
      return std::nullopt;
    }
    ItemChangeWriter::Pending pending;
    auto txn = store_.begin();
    auto old = decoded(txn->get_for_update(key));
    if (check) check(ptr(old));
    txn->put(key, value);
    changes_.apply(*txn, table, ptr(old), &item, pending, consumed, value);
    charge_write(consumed, ptr(old), &item);
    txn->commit();
    return old;
  });
}

std::optional<Item> ItemStore::get(const TableInfo& table, const Item& key) {
  auto value = get_stored(table, key);
  if (!value) return std::nullopt;
  return decode_item(*value);
}

std::optional<std::string> ItemStore::get_stored(const TableInfo& table, const Item& key) {
  return store_.get(storage_key(table, key));
}

std::optional<Item> ItemStore::remove(const TableInfo& table, const Item& key, bool want_old,
                                      const Precondition& check, ConsumedCapacity* consumed) {
  return conflicts_as_api_errors([&]() -> std::optional<Item> {
    const std::string k = storage_key(table, key);
    refuse_if_in_transaction(k);
    if (!want_old && !check && !consumed && !table.writes_need_old_item()) {
      store_.remove(k);
      return std::nullopt;
    }
    ItemChangeWriter::Pending pending;
    auto txn = store_.begin();
    auto old = decoded(txn->get_for_update(k));
    if (check) check(ptr(old));
    if (old) {
      txn->remove(k);
      changes_.apply(*txn, table, &*old, nullptr, pending, consumed);
    }
    charge_write(consumed, ptr(old), nullptr);
    txn->commit();
    return old;
  });
}

ItemStore::Update ItemStore::update(const TableInfo& table, const Item& key, const Compute& compute,
                                    ConsumedCapacity* consumed) {
  return conflicts_as_api_errors([&] {
    const std::string k = storage_key(table, key);
    refuse_if_in_transaction(k);
    ItemChangeWriter::Pending pending;
    auto txn = store_.begin();
    Update result;
    result.old_item = decoded(txn->get_for_update(k));
    result.new_item = compute(result.old_item ? &*result.old_item : nullptr);
    std::string value;
    if (result.new_item) {
      if (validated_put_key(table, *result.new_item, IndexKeySource::kUpdate) != k) {
        throw ApiError::internal("update changed the item's key");
      }
      encode_item(*result.new_item, value);
      txn->put(k, value);
    } else if (result.old_item) {
      txn->remove(k);
    }
    if (result.new_item || result.old_item) {
      changes_.apply(*txn, table, ptr(result.old_item), ptr(result.new_item), pending, consumed,
                     value);
    }
    charge_write(consumed, ptr(result.old_item), ptr(result.new_item));
    txn->commit();
    return result;
  });
}

void ItemStore::write_batch(const std::vector<BatchWrite>& writes,
                            std::vector<ConsumedCapacity>* consumed) {
  return conflicts_as_api_errors([&] {
    std::vector<std::pair<std::string, std::optional<std::string>>> prepared;
    prepared.reserve(writes.size());
    std::unordered_set<std::string> seen;
    for (const auto& w : writes) {
      std::string key =
          w.is_delete ? storage_key(*w.table, w.item) : validated_put_key(*w.table, w.item);
      if (!seen.insert(key).second) {
        throw ApiError::validation("Provided list of item keys contains duplicates");
      }
      prepared.emplace_back(std::move(key),
                            w.is_delete ? std::nullopt : std::optional(encode_item(w.item)));
    }
    if (consumed) consumed->assign(writes.size(), {});
    ItemChangeWriter::Pending pending;
    auto txn = store_.begin();
    for (size_t i = 0; i < writes.size(); ++i) {
      const auto& [key, value] = prepared[i];
      const TableInfo& table = *writes[i].table;
      const bool needs_old = consumed || table.writes_need_old_item();
      std::optional<Item> old;
      if (needs_old) old = decoded(txn->get_for_update(key));
      if (value) {
        txn->put(key, *value);
      } else {
        txn->remove(key);
      }
      if (!needs_old) continue;
      const Item* after = writes[i].is_delete ? nullptr : &writes[i].item;
      ConsumedCapacity* c = consumed ? &(*consumed)[i] : nullptr;
      changes_.apply(*txn, table, ptr(old), after, pending, c, value ? *value : std::string_view());
      charge_write(c, ptr(old), after);
    }
    txn->commit();
  });
}

bool ItemStore::expire(const TableInfo& table, std::string_view item_key,
                       std::string_view expiry_entry, int64_t now_ms) {
  ItemChangeWriter::Pending pending;
  auto txn = store_.begin();
  auto current = decoded(txn->get_for_update(item_key));
  const bool expired = current && is_expired(table, *current, now_ms);
  if (expired) {
    txn->remove(item_key);
    changes_.apply(*txn, table, &*current, nullptr, pending, nullptr, {},
                   ChangeOrigin::kTimeToLive);
  }
  if (expired || !current || item_expiry_entry(table, *current) != expiry_entry) {
    txn->remove(expiry_entry);
  }
  txn->commit();
  return expired;
}

TableStats ItemStore::stats(const TableInfo& table) {
  return stats_of(table.storage_id);
}

TableStats ItemStore::index_stats(const IndexInfo& index) {
  return stats_of(index.storage_id);
}

size_t ItemStore::collection_size(const TableInfo& table, const AttributeValue& partition_key) {
  return read_collection_size(store_, table, partition_key);
}

TableStats ItemStore::stats_of(uint64_t storage_id) {
  TableStats s;
  const KeyRange items = prefix_range(storage_prefix(storage_id));
  auto it = store_.scan(items.lower, items.upper);
  for (it->seek_to_first(); it->valid(); it->next()) {
    ++s.item_count;
    s.size_bytes += static_cast<int64_t>(stored_item_size(it->value()));
  }
  return s;
}

}  // namespace cairn::engine
