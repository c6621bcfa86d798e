#include "engine/transaction.h"

#include <algorithm>
#include <numeric>
#include <unordered_set>

#include "engine/item_commit.h"
#include "engine/key_rules.h"
#include "model/api_error.h"
#include "model/item_codec.h"
#include "model/item_size.h"
#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

// DynamoDB's rule for TransactWriteItems and TransactGetItems alike: each action names its
// own item.
void refuse_two_operations_on_one_item(const std::vector<std::string>& keys) {
  std::unordered_set<std::string_view> seen;
  for (const auto& k : keys) {
    if (!seen.insert(k).second) {
      throw ApiError::validation(
          "Transaction request cannot include multiple operations on one item");
    }
  }
}

using Kind = TransactAction::Kind;

[[noreturn]] void cancel(size_t count, size_t failed, std::string code, std::string message) {
  std::vector<CancellationReason> reasons(count);
  reasons[failed].code = std::move(code);
  reasons[failed].message = std::move(message);
  throw ApiError::transaction_canceled(std::move(reasons));
}

// DynamoDB validates the actions in order and reports only the first invalid one, as a
// cancellation reason ValidationError.
template <class Check>
auto validated(size_t index, size_t count, Check&& check) {
  try {
    return check();
  } catch (const ApiError& e) {
    if (e.type() != ErrorType::kValidation) throw;
    cancel(count, index, "ValidationError", std::string(e.message()));
  }
}

}  // namespace

void Transactions::write(const std::vector<TransactAction>& actions,
                         std::vector<ConsumedCapacity>* consumed,
                         std::vector<uint64_t>* collection_sizes, const TokenRecord* token) {
  const size_t n = actions.size();
  // The storage key each action names; a Put's item checked whole.
  std::vector<std::string> keys(n);
  std::vector<std::optional<NewItem>> next(n);
  for (size_t i = 0; i < n; ++i) {
    const TransactAction& a = actions[i];
    keys[i] = validated(i, n, [&] {
      return a.kind == Kind::kPut ? next[i].emplace(*a.table, a.subject).key()
                                  : ItemStore::storage_key(*a.table, a.subject);
    });
  }
  refuse_two_operations_on_one_item(keys);

  // Fail fast, as DynamoDB does, when another transaction is under way on one of the
  // items; otherwise hold them all until this one has committed or failed.
  if (auto held = ongoing_.claim(keys)) {
    cancel(n, *held, "TransactionConflict", std::string(ApiError::kTransactionConflictMessage));
  }
  TransactionClaim claim(ongoing_, keys);

  // Lock in key order (a single-item write that began before the claim may still hold a
  // lock; it ends soon); read what each item is before the transaction.
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  ItemCommit commit(store_, changes_);
  std::vector<LockedItem> before(n);
  for (size_t i : order) {
    try {
      before[i] = commit.read_locked(keys[i]);
    } catch (const ApiError& e) {
      if (e.type() != ErrorType::kTransactionConflict) throw;
      cancel(n, i, "TransactionConflict", std::string(ApiError::kTransactionConflictMessage));
    }
  }

  // Every condition, against the state before the transaction.
  std::vector<CancellationReason> reasons(n);
  bool failed = false;
  for (size_t i = 0; i < n; ++i) {
    if (!actions[i].check) continue;
    try {
      actions[i].check(before[i].get());
    } catch (const ApiError& e) {
      if (e.type() != ErrorType::kConditionalCheckFailed) throw;
      reasons[i].code = "ConditionalCheckFailed";
      reasons[i].message = std::string(e.message());
      if (e.item()) reasons[i].item = std::make_shared<const Item>(*e.item());
      failed = true;
    }
  }
  if (failed) throw ApiError::transaction_canceled(std::move(reasons));

  // The new items; an update that produces an invalid item cancels the transaction.
  std::vector<std::optional<Item>> updated(n);
  for (size_t i = 0; i < n; ++i) {
    const TransactAction& a = actions[i];
    if (a.kind != Kind::kUpdate) continue;
    validated(i, n, [&] {
      updated[i] = a.compute(before[i].get());
      if (updated[i]) next[i].emplace(*a.table, *updated[i], IndexKeySource::kUpdate);
      return true;
    });
  }

  if (consumed) consumed->assign(n, {});
  if (collection_sizes) collection_sizes->assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const TransactAction& a = actions[i];
    ConsumedCapacity* c = consumed ? &(*consumed)[i] : nullptr;
    if (a.kind == Kind::kConditionCheck) {
      if (c) c->table.read += transactional_read_units(before[i].size);
      continue;
    }
    std::optional<uint64_t> written;
    try {
      written = commit.write(*a.table, before[i], next[i] ? &*next[i] : nullptr, c);
    } catch (const ApiError& e) {
      if (e.type() != ErrorType::kItemCollectionSizeLimitExceeded) throw;
      cancel(n, i, "ItemCollectionSizeLimitExceeded", std::string(e.message()));
    }
    if (c) c->scale(kTransactionalFactor);
    if (collection_sizes) {
      (*collection_sizes)[i] = commit.collection_size(*a.table, a.subject, written);
    }
  }
  if (token) commit.write_record(token->key, token->value);
  commit.commit();
}

std::vector<ConsumedCapacity> Transactions::replay_consumption(
    const std::vector<TransactAction>& actions) {
  std::vector<TransactGet> gets;
  gets.reserve(actions.size());
  for (const auto& a : actions) {
    gets.push_back(
        {a.table, a.kind == TransactAction::Kind::kPut ? key_of(*a.table, a.subject) : a.subject});
  }
  const auto found = read(gets);
  std::vector<ConsumedCapacity> consumed(actions.size());
  for (size_t i = 0; i < found.size(); ++i) {
    consumed[i].table.read = transactional_read_units(found[i] ? item_size(*found[i]) : 0);
  }
  return consumed;
}

std::vector<std::optional<Item>> Transactions::get(const std::vector<TransactGet>& gets) {
  std::vector<std::string> keys;
  auto items = read(gets, &keys);
  refuse_two_operations_on_one_item(keys);
  size_t total = 0;
  for (const auto& item : items) total += item ? item_size(*item) : 0;
  if (total > kMaxTransactionBytes) {
    throw ApiError::validation("Transaction response size cannot exceed 4 MB (4194304 bytes)");
  }
  return items;
}

std::vector<std::optional<Item>> Transactions::read(const std::vector<TransactGet>& gets,
                                                    std::vector<std::string>* keys_read) {
  std::vector<std::string> keys;
  keys.reserve(gets.size());
  for (size_t i = 0; i < gets.size(); ++i) {
    try {
      keys.push_back(ItemStore::storage_key(*gets[i].table, gets[i].key));
    } catch (const ApiError& e) {
      if (e.type() != ErrorType::kValidation) throw;
      cancel(gets.size(), i, "ValidationError", std::string(e.message()));
    }
  }
  auto snapshot = store_.snapshot();
  std::vector<std::optional<Item>> items;
  items.reserve(keys.size());
  for (const auto& k : keys) {
    auto bytes = snapshot->get(k);
    items.push_back(bytes ? std::optional(decode_item(*bytes)) : std::nullopt);
  }
  if (keys_read) *keys_read = std::move(keys);
  return items;
}

}  // namespace cairn::engine
