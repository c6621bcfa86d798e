#include "engine/item_commit.h"

#include "engine/change_log.h"
#include "engine/key_rules.h"
#include "engine/key_space.h"
#include "engine/storage_conflicts.h"
#include "model/api_error.h"
#include "model/item_codec.h"
#include "model/item_size.h"
#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

ItemImage image_of(const LockedItem& before) {
  return before.item ? ItemImage{&*before.item, before.size, {}} : ItemImage::absent();
}

ItemImage image_of(const NewItem* after) {
  return after ? ItemImage{&after->item(), after->size(), after->stored()} : ItemImage::absent();
}

std::optional<std::string_view> stored_form(const NewItem* after) {
  if (!after) return std::nullopt;
  return after->stored();
}

}  // namespace

NewItem::NewItem(const TableInfo& table, const Item& item, IndexKeySource source)
    : item_(item), size_(item_size(item)) {
  const KeyRef key = validate_item_key(table, item);
  if (!table.indexes.empty()) validate_index_keys(table, item, source);
  check_item_size_limit(size_);
  key_ = item_key(table.storage_id, *key.hash, key.range);
  encode_item(item, size_, stored_);
}

ItemCommit::ItemCommit(storage::KvStore& store, ItemChangeWriter& changes)
    : store_(store), changes_(changes) {}

ItemCommit::~ItemCommit() = default;

storage::KvTransaction& ItemCommit::transaction() {
  if (txn_) return *txn_;
  txn_ = store_.begin();
  if (blind_) {
    if (blind_->after) {
      txn_->put(blind_->key, blind_->after->stored());
    } else {
      txn_->remove(blind_->key);
    }
    if (blind_->logged) {
      write_change_record(*txn_, *blind_->logged, blind_->key, stored_form(blind_->after));
    }
    blind_.reset();
  }
  return *txn_;
}

LockedItem ItemCommit::read_locked(std::string_view key) {
  return conflicts_as_api_errors([&] {
    LockedItem locked{key, std::nullopt, 0, true};
    if (auto stored = transaction().get_for_update(key)) {
      locked.size = stored_item_size(*stored);
      locked.item = decode_item(*stored);
    }
    return locked;
  });
}

std::optional<uint64_t> ItemCommit::write(const TableInfo& table, const LockedItem& before,
                                          const NewItem* after, ConsumedCapacity* consumed,
                                          ChangeOrigin origin) {
  if (after && after->key() != before.key) {
    throw ApiError::internal("a write would change the item's key");
  }
  if (!before.read) {
    // Nothing follows from the change but the item itself, and nothing is measured.
    if (consumed || table.writes_need_old_item()) {
      throw ApiError::internal("a blind write of an item whose change needs the old item");
    }
    // A table with point-in-time recovery logs even a blind write: its change record is
    // stamped under the item's lock (the put's), in the same commit.
    if (!txn_ && !blind_) {
      blind_ = BlindWrite{before.key, after, table.recovery.enabled ? &table : nullptr};
      return std::nullopt;
    }
    conflicts_as_api_errors([&] {
      storage::KvTransaction& txn = transaction();
      if (after) {
        txn.put(before.key, after->stored());
      } else {
        txn.remove(before.key);
      }
      if (table.recovery.enabled) write_change_record(txn, table, before.key, stored_form(after));
    });
    return std::nullopt;
  }
  return conflicts_as_api_errors([&] {
    storage::KvTransaction& txn = transaction();
    std::optional<uint64_t> collection_size;
    if (after || before.item) {
      if (after) {
        txn.put(before.key, after->stored());
      } else {
        txn.remove(before.key);
      }
      collection_size =
          changes_.apply(txn, table, image_of(before), image_of(after), pending_, consumed, origin);
      if (table.recovery.enabled) write_change_record(txn, table, before.key, stored_form(after));
    }
    if (consumed) consumed->table.write += item_write_units(before.size, after ? after->size() : 0);
    return collection_size;
  });
}

uint64_t ItemCommit::collection_size(const TableInfo& table, const Item& key_or_item,
                                     std::optional<uint64_t> written) {
  if (written) return *written;
  if (!has_item_collections(table)) return 0;
  auto pk = key_or_item.find(table.hash_key.name);
  if (pk == key_or_item.end()) return 0;
  return conflicts_as_api_errors(
      [&] { return collection_size_in(transaction(), table, pk->second); });
}

void ItemCommit::write_record(std::string_view key, std::string_view value) {
  conflicts_as_api_errors([&] { transaction().put(key, value); });
}

void ItemCommit::remove_stale(std::string_view key) {
  conflicts_as_api_errors([&] { transaction().remove(key); });
}

void ItemCommit::commit() {
  conflicts_as_api_errors([&] {
    if (txn_) {
      txn_->commit();
    } else if (blind_ && blind_->logged) {
      const TableInfo& table = *blind_->logged;
      const std::optional<std::string_view> stored = stored_form(blind_->after);
      store_.write_alone(blind_->key, stored,
                         [&] { return change_record(table, blind_->key, stored); });
      blind_.reset();
    } else if (blind_) {
      if (blind_->after) {
        store_.put(blind_->key, blind_->after->stored());
      } else {
        store_.remove(blind_->key);
      }
      blind_.reset();
    }
  });
}

}  // namespace cairn::engine
