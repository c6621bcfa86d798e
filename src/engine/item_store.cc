#include "engine/item_store.h"

#include <unordered_set>

#include "engine/collection_sizes.h"
#include "engine/expiry_index.h"
#include "engine/key_rules.h"
#include "engine/key_space.h"
#include "model/api_error.h"
#include "model/item_codec.h"
#include "model/item_size.h"
#include "storage/kv_store.h"

namespace cairn::engine {

std::string ItemStore::storage_key(const TableInfo& table, const Item& key) {
  const KeyRef ref = validate_key(table, key);
  return item_key(table.storage_id, *ref.hash, ref.range);
}

void ItemStore::refuse_if_in_transaction(std::string_view key) const {
  if (ongoing_.holds(key)) throw ApiError::transaction_conflict();
}

std::optional<Item> ItemStore::put(const TableInfo& table, const Item& item, bool want_old,
                                   const Precondition& check, ConsumedCapacity* consumed,
                                   uint64_t* collection_size) {
  const NewItem next(table, item);
  refuse_if_in_transaction(next.key());
  ItemCommit commit(store_, changes_);
  // With indexes, a stream or TTL, the old item's entries must be found and replaced; its
  // size decides the capacity charged. Otherwise the put is blind.
  const bool read_old = want_old || check || consumed || table.writes_need_old_item();
  LockedItem before = read_old ? commit.read_locked(next.key()) : LockedItem::unread(next.key());
  if (check) check(before.get());
  const auto written = commit.write(table, before, &next, consumed);
  if (collection_size) *collection_size = commit.collection_size(table, item, written);
  commit.commit();
  return std::move(before.item);
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
                                      const Precondition& check, ConsumedCapacity* consumed,
                                      uint64_t* collection_size) {
  const std::string k = storage_key(table, key);
  refuse_if_in_transaction(k);
  ItemCommit commit(store_, changes_);
  const bool read_old = want_old || check || consumed || table.writes_need_old_item();
  LockedItem before = read_old ? commit.read_locked(k) : LockedItem::unread(k);
  if (check) check(before.get());
  const auto written = commit.write(table, before, nullptr, consumed);
  if (collection_size) *collection_size = commit.collection_size(table, key, written);
  commit.commit();
  return std::move(before.item);
}

ItemStore::Update ItemStore::update(const TableInfo& table, const Item& key, const Compute& compute,
                                    ConsumedCapacity* consumed, uint64_t* collection_size) {
  const std::string k = storage_key(table, key);
  refuse_if_in_transaction(k);
  ItemCommit commit(store_, changes_);
  LockedItem before = commit.read_locked(k);
  Update result;
  result.new_item = compute(before.get());
  std::optional<NewItem> next;
  if (result.new_item) next.emplace(table, *result.new_item, IndexKeySource::kUpdate);
  const auto written = commit.write(table, before, next ? &*next : nullptr, consumed);
  if (collection_size) *collection_size = commit.collection_size(table, key, written);
  commit.commit();
  result.old_item = std::move(before.item);
  return result;
}

void ItemStore::write_batch(const std::vector<BatchWrite>& writes,
                            std::vector<ConsumedCapacity>* consumed,
                            std::vector<uint64_t>* collection_sizes) {
  // Every write is checked before anything is written.
  std::vector<std::string> keys(writes.size());
  std::vector<std::optional<NewItem>> puts(writes.size());
  std::unordered_set<std::string_view> seen;
  for (size_t i = 0; i < writes.size(); ++i) {
    const BatchWrite& w = writes[i];
    if (w.is_delete) {
      keys[i] = storage_key(*w.table, w.item);
    } else {
      keys[i] = puts[i].emplace(*w.table, w.item).key();
    }
    if (!seen.insert(keys[i]).second) {
      throw ApiError::validation("Provided list of item keys contains duplicates");
    }
  }
  if (consumed) consumed->assign(writes.size(), {});
  if (collection_sizes) collection_sizes->assign(writes.size(), 0);
  ItemCommit commit(store_, changes_);
  for (size_t i = 0; i < writes.size(); ++i) {
    const TableInfo& table = *writes[i].table;
    const bool read_old = consumed || table.writes_need_old_item();
    const LockedItem before = read_old ? commit.read_locked(keys[i]) : LockedItem::unread(keys[i]);
    const auto written = commit.write(table, before, puts[i] ? &*puts[i] : nullptr,
                                      consumed ? &(*consumed)[i] : nullptr);
    if (collection_sizes) {
      (*collection_sizes)[i] = commit.collection_size(table, writes[i].item, written);
    }
  }
  commit.commit();
}

bool ItemStore::expire(const TableInfo& table, std::string_view item_key,
                       std::string_view expiry_entry, int64_t now_ms) {
  ItemCommit commit(store_, changes_);
  const LockedItem current = commit.read_locked(item_key);
  const bool expired = current.item && is_expired(table, *current.item, now_ms);
  if (expired) commit.write(table, current, nullptr, nullptr, ChangeOrigin::kTimeToLive);
  // An entry the item's later writes have moved away from is stale either way.
  if (expired || !current.item || item_expiry_entry(table, *current.item) != expiry_entry) {
    commit.remove_stale(expiry_entry);
  }
  commit.commit();
  return expired;
}

uint64_t ItemStore::collection_size(const TableInfo& table, const Item& key_or_item) {
  auto pk = key_or_item.find(table.hash_key.name);
  if (!has_item_collections(table) || pk == key_or_item.end()) return 0;
  return read_collection_size(store_, table, pk->second);
}

TableStats ItemStore::stats(const TableInfo& table) {
  return stats_of(table.storage_id);
}

TableStats ItemStore::index_stats(const IndexInfo& index) {
  return stats_of(index.storage_id);
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
