// Item operations on one table: put, get and delete of single items, each atomic, and
// batches of writes in one commit. Every write goes through ItemCommit (item_commit.h), the
// one write path; a write that must return or check the old item reads it under the key's
// lock in the same transaction.
// PutItem, UpdateItem and DeleteItem of an item that an ongoing transaction holds fail at
// once with TransactionConflictException (see OngoingTransactions); two single-item writes
// of one item wait for each other on its lock.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "engine/capacity.h"
#include "engine/index_keys.h"
#include "engine/item_change.h"
#include "engine/item_commit.h"
#include "engine/ongoing_transactions.h"
#include "engine/storage_fwd.h"
#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine {

struct TableStats {
  int64_t item_count = 0;
  int64_t size_bytes = 0;
};

class ItemStore {
 public:
  ItemStore(storage::KvStore& store, ItemChangeWriter& changes, const OngoingTransactions& ongoing)
      : store_(store), changes_(changes), ongoing_(ongoing) {}

  // A check of the item as it is (nullptr when absent), run under the item's lock inside
  // the write's transaction; it throws (ConditionalCheckFailedException) to refuse.
  using Precondition = std::function<void(const Item* current)>;

  // Validates keys and the 400 KB limit, then stores item. Returns the item it replaced
  // when want_old is set and there was one. With a precondition, the read, the check and
  // the write are one atomic step. With consumed, adds the write's capacity (table and
  // indexes) to it. With collection_size, a table with local secondary indexes reports
  // there the size its commit left the item's collection at (ReturnItemCollectionMetrics);
  // the same for the writes below.
  std::optional<Item> put(const TableInfo& table, const Item& item, bool want_old,
                          const Precondition& check = nullptr, ConsumedCapacity* consumed = nullptr,
                          uint64_t* collection_size = nullptr);
  // The item with this Key, or nullopt.
  std::optional<Item> get(const TableInfo& table, const Item& key);
  // The same item in its stored form (model/item_codec.h), for readers that need no decoded
  // attributes (api/attribute_json.h writes it, model/item_size.h measures it).
  std::optional<std::string> get_stored(const TableInfo& table, const Item& key);
  // Deletes the item with this Key; returns it when want_old is set and it existed.
  std::optional<Item> remove(const TableInfo& table, const Item& key, bool want_old,
                             const Precondition& check = nullptr,
                             ConsumedCapacity* consumed = nullptr,
                             uint64_t* collection_size = nullptr);

  // Read-modify-write of one item: compute gets the current item (nullptr when absent) and
  // returns the new item, or nullopt to delete it. Runs under the item's lock; the new
  // item is validated like a put (and keeps the Key). Returns old and new items.
  struct Update {
    std::optional<Item> old_item;
    std::optional<Item> new_item;
  };
  using Compute = std::function<std::optional<Item>(const Item* current)>;
  Update update(const TableInfo& table, const Item& key, const Compute& compute,
                ConsumedCapacity* consumed = nullptr, uint64_t* collection_size = nullptr);

  // One write of a BatchWriteItem: a put of item, or a delete of the item with that Key.
  struct BatchWrite {
    const TableInfo* table;
    bool is_delete;
    Item item;  // the item to put, or the Key to delete
  };
  // Validates every write (keys, sizes, no two on one item), then applies them all in one
  // atomic commit. ValidationException, and nothing written, if any write is invalid.
  // With consumed, it receives each write's capacity; with collection_sizes, each write's
  // collection size (tables with local secondary indexes; 0 for the others).
  void write_batch(const std::vector<BatchWrite>& writes,
                   std::vector<ConsumedCapacity>* consumed = nullptr,
                   std::vector<uint64_t>* collection_sizes = nullptr);

  // Time to Live: deletes the item stored under item_key if, under its lock, it has still
  // expired by now_ms (a write may have moved its expiry since expiry_entry was found),
  // with its index entries and a stream REMOVE record naming the TTL service, in one
  // commit. Consumes no capacity. expiry_entry goes either way unless it is still the
  // item's entry. Returns whether the item was deleted.
  bool expire(const TableInfo& table, std::string_view item_key, std::string_view expiry_entry,
              int64_t now_ms);

  // The committed size of the collection of the item with this Key (or of this item), for
  // a request that reports collections it did not write (a replayed transaction); 0 for a
  // table without local secondary indexes.
  uint64_t collection_size(const TableInfo& table, const Item& key_or_item);

  // Counts the table's items and their size (DynamoDB's ItemCount and TableSizeBytes).
  TableStats stats(const TableInfo& table);
  // The same for one index: its entries and their (projected) size.
  TableStats index_stats(const IndexInfo& index);
  // The storage key of the item with this Key, after checking it (key_rules.h).
  static std::string storage_key(const TableInfo& table, const Item& key);

 private:
  TableStats stats_of(uint64_t storage_id);
  // TransactionConflictException if an ongoing transaction holds the item.
  void refuse_if_in_transaction(std::string_view key) const;

  storage::KvStore& store_;
  ItemChangeWriter& changes_;
  const OngoingTransactions& ongoing_;
};

}  // namespace cairn::engine
