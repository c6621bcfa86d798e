#include "engine/transaction.h"
#include "engine/item_change.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <stdexcept>
#include <thread>

#include "model/api_error.h"
#include "storage/rocksdb_store.h"
#include "support/engine_parts.h"

namespace cairn::engine {
namespace {

using Kind = TransactAction::Kind;

class TransactionTest : public ::testing::Test {
 protected:
  TransactionTest() {
    table_.name = "t";
    table_.storage_id = 1;
    table_.hash_key = {"pk", AttrType::S};
  }
  static Item item(const std::string& pk, const std::string& v = "") {
    Item i{{"pk", AttributeValue::string(pk)}};
    if (!v.empty()) i["v"] = AttributeValue::string(v);
    return i;
  }
  TransactAction action(Kind kind, Item subject) {
    TransactAction a;
    a.kind = kind;
    a.table = &table_;
    a.subject = std::move(subject);
    return a;
  }
  static ItemStore::Precondition must_exist() {
    return [](const Item* current) {
      if (!current) throw ApiError::conditional_check_failed();
    };
  }

  testing_support::EngineParts parts_;
  storage::RocksDbStore& store_ = parts_.store;
  ItemStore& items_ = parts_.items;
  Transactions& txns_ = parts_.transactions;
  TableInfo table_;
};

TEST_F(TransactionTest, AppliesEveryActionInOneCommit) {
  items_.put(table_, item("gone"), false);
  auto update = action(Kind::kUpdate, item("u"));
  update.compute = [](const Item*) { return std::optional(item("u", "new")); };
  txns_.write({action(Kind::kPut, item("p", "1")), action(Kind::kDelete, item("gone")), update});
  EXPECT_EQ(items_.get(table_, item("p")), item("p", "1"));
  EXPECT_FALSE(items_.get(table_, item("gone")).has_value());
  EXPECT_EQ(items_.get(table_, item("u")), item("u", "new"));
}

TEST_F(TransactionTest, AFailedConditionWritesNothingAndNamesEveryFailure) {
  auto check = action(Kind::kConditionCheck, item("absent"));
  check.check = must_exist();
  auto guarded = action(Kind::kPut, item("q"));
  guarded.check = must_exist();
  try {
    txns_.write({action(Kind::kPut, item("p")), check, guarded});
    FAIL();
  } catch (const ApiError& e) {
    ASSERT_EQ(e.type(), ErrorType::kTransactionCanceled);
    const auto& reasons = e.cancellation_reasons();
    ASSERT_EQ(reasons.size(), 3u);
    EXPECT_EQ(reasons[0].code, "None");
    EXPECT_EQ(reasons[1].code, "ConditionalCheckFailed");
    EXPECT_EQ(reasons[2].code, "ConditionalCheckFailed");
  }
  EXPECT_FALSE(items_.get(table_, item("p")).has_value());
}

TEST_F(TransactionTest, TwoActionsOnOneItemAreRefused) {
  try {
    txns_.write({action(Kind::kPut, item("p")), action(Kind::kDelete, item("p"))});
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), ErrorType::kValidation);
  }
}

TEST_F(TransactionTest, AnInvalidKeyIsAValidationErrorReason) {
  Item bad{{"pk", AttributeValue::number("1")}};
  try {
    txns_.write({action(Kind::kPut, item("p")), action(Kind::kPut, bad)});
    FAIL();
  } catch (const ApiError& e) {
    ASSERT_EQ(e.type(), ErrorType::kTransactionCanceled);
    EXPECT_EQ(e.cancellation_reasons()[1].code, "ValidationError");
    EXPECT_EQ(e.message(),
              "Transaction cancelled, please refer cancellation reasons for specific reasons "
              "[None, ValidationError]");
  }
}

TEST_F(TransactionTest, AnItemLockedTooLongIsATransactionConflict) {
  // Another writer holds the item's lock past the lock timeout.
  auto holder = store_.begin();
  holder->get_for_update(ItemStore::storage_key(table_, item("busy")));
  try {
    txns_.write({action(Kind::kPut, item("free")), action(Kind::kPut, item("busy"))});
    FAIL();
  } catch (const ApiError& e) {
    ASSERT_EQ(e.type(), ErrorType::kTransactionCanceled);
    EXPECT_EQ(e.cancellation_reasons()[0].code, "None");
    EXPECT_EQ(e.cancellation_reasons()[1].code, "TransactionConflict");
  }
  holder->rollback();
  EXPECT_FALSE(items_.get(table_, item("free")).has_value());
}

TEST_F(TransactionTest, GetReadsEveryItemAsOfOneMoment) {
  items_.put(table_, item("a", "1"), false);
  auto got = txns_.get({{&table_, item("a")}, {&table_, item("b")}});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], item("a", "1"));
  EXPECT_FALSE(got[1].has_value());
}

TEST_F(TransactionTest, GetRefusesItemsAddingUpToMoreThan4Mb) {
  std::vector<TransactGet> gets;
  for (int i = 0; i < 11; ++i) {
    const std::string pk = "big" + std::to_string(i);
    items_.put(table_, item(pk, std::string(390'000, 'x')), false);
    gets.push_back({&table_, item(pk)});
  }
  EXPECT_EQ(txns_.get({gets.begin(), gets.begin() + 10}).size(), 10u);
  try {
    txns_.get(gets);
    ADD_FAILURE() << "11 items of 390 KB were read";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), ErrorType::kValidation);
  }
}

TEST_F(TransactionTest, AReplayConsumesATransactionalReadOfEachItem) {
  items_.put(table_, item("a", std::string(5000, 'x')), false);
  auto consumed = txns_.replay_consumption(
      {action(Kind::kPut, item("a", "new")), action(Kind::kDelete, item("gone"))});
  ASSERT_EQ(consumed.size(), 2u);
  EXPECT_EQ(consumed[0].table.read, 4.0);
  EXPECT_EQ(consumed[1].table.read, 2.0);
  EXPECT_EQ(consumed[0].table.write + consumed[1].table.write, 0.0);
}

// The update's compute runs while its transaction holds every item it names: what it does
// there meets an ongoing transaction, deterministically.
TransactAction update_running(const TableInfo& table, const std::string& pk,
                              std::function<void()> during) {
  TransactAction a;
  a.kind = Kind::kUpdate;
  a.table = &table;
  a.subject = Item{{"pk", AttributeValue::string(pk)}};
  a.compute = [pk, during = std::move(during)](const Item*) {
    during();
    return std::optional(
        Item{{"pk", AttributeValue::string(pk)}, {"v", AttributeValue::string("txn")}});
  };
  return a;
}

void expect_transaction_conflict(const std::function<void()>& write) {
  try {
    write();
    ADD_FAILURE() << "the write did not fail";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), ErrorType::kTransactionConflict);
    EXPECT_EQ(e.message(), "Transaction is ongoing for the item");
  }
}

TEST_F(TransactionTest, SingleWritesOfAnItemAnOngoingTransactionHoldsFailAtOnce) {
  items_.put(table_, item("held", "before"), false);
  bool ran = false;
  txns_.write({action(Kind::kPut, item("other", "1")), update_running(table_, "held", [&] {
                 ran = true;
                 // Each write path, blind or not; none waits for the item's lock (that
                 // would end in a storage lock timeout, not this error).
                 expect_transaction_conflict([&] { items_.put(table_, item("held", "x"), false); });
                 expect_transaction_conflict([&] { items_.put(table_, item("held", "x"), true); });
                 expect_transaction_conflict([&] { items_.remove(table_, item("held"), false); });
                 expect_transaction_conflict([&] {
                   items_.update(table_, item("held"),
                                 [](const Item*) { return std::optional(item("held", "x")); });
                 });
                 // An item the transaction does not name is free.
                 items_.put(table_, item("free", "1"), false);
               })});
  ASSERT_TRUE(ran);
  EXPECT_EQ(items_.get(table_, item("held")), item("held", "txn"));
  EXPECT_EQ(items_.get(table_, item("free")), item("free", "1"));
  // Once the transaction has committed, the item takes single writes again.
  items_.put(table_, item("held", "after"), false);
  EXPECT_EQ(items_.get(table_, item("held")), item("held", "after"));
}

TEST_F(TransactionTest, ATransactionMeetingAnotherOngoingOneIsCancelledAtTheConflictingItem) {
  bool ran = false;
  txns_.write({update_running(table_, "shared", [&] {
    ran = true;
    try {
      txns_.write({action(Kind::kPut, item("mine", "1")), action(Kind::kPut, item("shared", "2")),
                   action(Kind::kDelete, item("third"))});
      ADD_FAILURE() << "the second transaction was not cancelled";
    } catch (const ApiError& e) {
      ASSERT_EQ(e.type(), ErrorType::kTransactionCanceled);
      const auto& reasons = e.cancellation_reasons();
      ASSERT_EQ(reasons.size(), 3u);
      EXPECT_EQ(reasons[0].code, "None");
      EXPECT_EQ(reasons[1].code, "TransactionConflict");
      EXPECT_EQ(reasons[1].message, "Transaction is ongoing for the item");
      EXPECT_EQ(reasons[2].code, "None");
      EXPECT_EQ(e.message(),
                "Transaction cancelled, please refer cancellation reasons for specific reasons "
                "[None, TransactionConflict, None]");
    }
    // The cancelled one wrote nothing and kept nothing held; the first still holds its item.
    EXPECT_FALSE(items_.get(table_, item("mine")).has_value());
    items_.put(table_, item("mine", "single"), false);
    expect_transaction_conflict([&] { items_.put(table_, item("shared", "x"), false); });
  })});
  ASSERT_TRUE(ran);
  EXPECT_EQ(items_.get(table_, item("shared")), item("shared", "txn"));
  // Retried after the first committed, the second transaction goes through.
  txns_.write({action(Kind::kPut, item("mine", "1")), action(Kind::kPut, item("shared", "2"))});
  EXPECT_EQ(items_.get(table_, item("shared")), item("shared", "2"));
}

TEST_F(TransactionTest, ACancelledTransactionReleasesItsItems) {
  auto guarded = action(Kind::kPut, item("p", "1"));
  guarded.check = must_exist();
  EXPECT_THROW(txns_.write({guarded}), ApiError);
  auto failing = action(Kind::kUpdate, item("q"));
  failing.compute = [](const Item*) -> std::optional<Item> { throw std::runtime_error("boom"); };
  EXPECT_THROW(txns_.write({action(Kind::kPut, item("r")), failing}), std::runtime_error);
  for (const char* pk : {"p", "q", "r"}) items_.put(table_, item(pk, "single"), false);
  EXPECT_EQ(items_.get(table_, item("q")), item("q", "single"));
}

TEST_F(TransactionTest, ConcurrentSingleWritesOfOneItemWaitForEachOtherAndNeverConflict) {
  constexpr int kThreads = 8, kEach = 125;
  auto increment = [](const Item* current) {
    const int64_t n = current ? std::stoll(current->at("v").scalar) : 0;
    return std::optional(item("counter", std::to_string(n + 1)));
  };
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        try {
          items_.update(table_, item("counter"), increment);
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(items_.get(table_, item("counter")), item("counter", std::to_string(kThreads * kEach)));
}

}  // namespace
}  // namespace cairn::engine
