// Transactions: TransactWriteItems' all-or-nothing write of up to 100 actions over several
// tables, and TransactGetItems' reads as of one moment.
//
// A write transaction first marks every item it names as held (OngoingTransactions): if
// another ongoing transaction holds one, it is cancelled at once with the reason
// TransactionConflict at that item, as DynamoDB cancels it. It then locks every item
// (get_for_update, in storage-key order), evaluates every condition against the state
// before the transaction, writes all items and their index entries in one commit, and
// unmarks them. A single-item write of a marked item fails with
// TransactionConflictException; one that began before the mark waits for the lock. So
// transactions are serializable with each other and with single-item writes (decision
// 0010).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/capacity.h"
#include "engine/idempotency.h"
#include "engine/item_store.h"
#include "engine/ongoing_transactions.h"
#include "engine/storage_fwd.h"
#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine {

// DynamoDB's limit on the aggregate size of the items of a transaction: the items a
// TransactWriteItems sends, the items a TransactGetItems reads.
constexpr size_t kMaxTransactionBytes = 4 * 1024 * 1024;

struct TransactAction {
  enum class Kind : uint8_t { kPut, kUpdate, kDelete, kConditionCheck };
  Kind kind = Kind::kPut;
  const TableInfo* table = nullptr;
  Item subject;                   // Put: the item; the others: the Key
  ItemStore::Precondition check;  // the action's condition, or nullptr
  ItemStore::Compute compute;     // Update: the new item (or nullopt: none) from the current
};

struct TransactGet {
  const TableInfo* table = nullptr;
  Item key;
};

class Transactions {
 public:
  Transactions(storage::KvStore& store, ItemChangeWriter& changes, OngoingTransactions& ongoing)
      : store_(store), changes_(changes), ongoing_(ongoing) {}

  // Runs the actions as one transaction. Nothing is written unless everything succeeds:
  // an invalid key or item (only the first found), an item another ongoing transaction
  // holds (or whose lock stays taken too long), or a failed condition (every one) cancel
  // it with TransactionCanceledException, one CancellationReason per action in request
  // order.
  // Two actions on one item: ValidationException. With consumed, it receives each
  // action's capacity (transactional: twice a single write or read).
  // With collection_sizes, it receives each action's collection size
  // (ReturnItemCollectionMetrics; 0 for tables without local secondary indexes).
  // With token, its record is committed with the items (ClientRequestToken).
  void write(const std::vector<TransactAction>& actions,
             std::vector<ConsumedCapacity>* consumed = nullptr,
             std::vector<uint64_t>* collection_sizes = nullptr, const TokenRecord* token = nullptr);

  // What answering a replay consumes: a request whose ClientRequestToken already succeeded
  // writes nothing again, and DynamoDB reports instead the read capacity of reading the
  // items its actions name (a transactional read of each, as they are now), not the
  // first call's writes.
  std::vector<ConsumedCapacity> replay_consumption(const std::vector<TransactAction>& actions);

  // The items with these keys (nullopt: absent), all read as of one moment. Throws
  // TransactionCanceledException (ValidationError) for an invalid key, and
  // ValidationException when the items read add up to more than kMaxTransactionBytes
  // (DynamoDB rejects the whole TransactGetItems then), and when two gets name one item
  // ("Transaction request cannot include multiple operations on one item").
  std::vector<std::optional<Item>> get(const std::vector<TransactGet>& gets);

 private:
  // get() without its checks (the size limit, one read per item); keys_read, if given,
  // receives the storage key of each.
  std::vector<std::optional<Item>> read(const std::vector<TransactGet>& gets,
                                        std::vector<std::string>* keys_read = nullptr);

  storage::KvStore& store_;
  ItemChangeWriter& changes_;
  OngoingTransactions& ongoing_;
};

}  // namespace cairn::engine
