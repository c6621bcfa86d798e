#include "engine/transaction.h"
#include "engine/item_change.h"

#include <gtest/gtest.h>

#include "model/api_error.h"
#include "storage/rocksdb_store.h"

namespace cairn::engine {
namespace {

using Kind = TransactAction::Kind;

class TransactionTest : public ::testing::Test {
 protected:
  TransactionTest()
      : store_({"/transaction-test", true, false}),
        items_(store_, changes_),
        txns_(store_, changes_) {
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

  storage::RocksDbStore store_;
  StreamRegistry streams_{store_, {}};
  ItemChangeWriter changes_{streams_};
  ItemStore items_;
  Transactions txns_;
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

}  // namespace
}  // namespace cairn::engine
