// The one write path of items. Every change of an item - PutItem, UpdateItem, DeleteItem,
// each write of a BatchWriteItem, each action of a TransactWriteItems, a Time to Live
// deletion - is staged on an ItemCommit and committed with it, so that what a write does
// is written once, here:
//   1. read_locked: the item as it is, read under its key's lock, held to the commit;
//   2. the caller checks it (a condition) and computes the new item, a NewItem: checked
//      against the table's rules, measured and encoded once;
//   3. write: the item is put or removed with everything that follows from the change
//      (ItemChangeWriter: index entries, item collection size, stream record, expiry
//      entry), and the write's capacity is charged (capacity.h);
//   4. commit: all of it in one atomic storage commit.
// A write that needs nothing of the old item (no condition, no old item returned or
// measured, a table without indexes, stream or TTL) skips step 1; such a blind write alone
// in its commit, on a table without recovery, is one single-key write of the store.
//
// A table with point-in-time recovery on also gets a change record of every write, in the
// same commit (change_log.h); its blind writes take the item's lock for it. The features
// that act on every write (access checks, another storage backend) hook in here. A storage conflict
// (a lock held past its timeout) leaves as TransactionConflictException. An ItemCommit belongs to
// one thread; destroyed without commit(), it writes nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/capacity.h"
#include "engine/index_keys.h"
#include "engine/item_change.h"
#include "engine/storage_fwd.h"
#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine {

// An item as a write found it under its lock (or, for a blind write, did not look).
struct LockedItem {
  std::string_view key;      // its storage key; the caller keeps the string alive
  std::optional<Item> item;  // nullopt: absent, or not read
  size_t size = 0;           // its DynamoDB size, from the stored form (0: absent)
  bool read = false;

  const Item* get() const { return item ? &*item : nullptr; }
  // A blind write's: nothing read.
  static LockedItem unread(std::string_view key) { return {key, std::nullopt, 0, false}; }
};

// An item about to be written: checked against its table's rules (the key attributes, the
// index key attributes, DynamoDB's 400 KB limit), then measured and encoded, each once.
// Refers to item, which must outlive it.
class NewItem {
 public:
  // Throws ValidationException with DynamoDB's messages.
  NewItem(const TableInfo& table, const Item& item, IndexKeySource source = IndexKeySource::kItem);

  const Item& item() const { return item_; }
  const std::string& key() const { return key_; }  // its storage key
  size_t size() const { return size_; }            // its DynamoDB size
  std::string_view stored() const { return stored_; }

 private:
  const Item& item_;
  size_t size_;
  std::string key_;
  std::string stored_;
};

class ItemCommit {
 public:
  ItemCommit(storage::KvStore& store, ItemChangeWriter& changes);
  ~ItemCommit();
  ItemCommit(const ItemCommit&) = delete;
  ItemCommit& operator=(const ItemCommit&) = delete;

  // The item stored under key, read under the key's lock (held until the commit ends).
  LockedItem read_locked(std::string_view key);

  // Stages the change of the item before found (under before.key) to after (nullptr:
  // removed), with its side effects; with consumed, charges its capacity there. after
  // must outlive commit(), and keep the item's key: a write never moves an item. Returns
  // the size of the item's collection after the write (tables with local secondary
  // indexes; nullopt otherwise, and when the item was absent and stays so).
  std::optional<uint64_t> write(const TableInfo& table, const LockedItem& before,
                                const NewItem* after, ConsumedCapacity* consumed = nullptr,
                                ChangeOrigin origin = ChangeOrigin::kRequest);

  // The size at which this commit leaves the collection of an item (named by its Key or
  // itself; ReturnItemCollectionMetrics), given what write() returned for it: that, or
  // what the collection holds when the write found nothing and wrote nothing. 0 for a table
  // without local secondary indexes. Call before commit().
  uint64_t collection_size(const TableInfo& table, const Item& key_or_item,
                           std::optional<uint64_t> written);

  // Puts a key that accompanies the items of this commit without being one (a
  // transaction's idempotency token record), so that it is durable exactly when they are.
  void write_record(std::string_view key, std::string_view value);

  // Removes a derived key that no longer belongs to any item (an expiry entry that the
  // item's later writes left behind); the key's item must be locked by this commit.
  void remove_stale(std::string_view key);

  void commit();

 private:
  storage::KvTransaction& transaction();

  storage::KvStore& store_;
  ItemChangeWriter& changes_;
  ItemChangeWriter::Pending pending_;  // before the transaction: released after it ends
  std::unique_ptr<storage::KvTransaction> txn_;
  // A blind write waiting for the commit; it joins the transaction if one begins.
  struct BlindWrite {
    std::string_view key;
    const NewItem* after;               // nullptr: a removal
    const TableInfo* logged = nullptr;  // its table, when recovery logs its change
  };
  std::optional<BlindWrite> blind_;
};

}  // namespace cairn::engine
