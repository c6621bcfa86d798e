#include "engine/ongoing_transactions.h"

#include <gtest/gtest.h>

namespace cairn::engine {
namespace {

TEST(OngoingTransactionsTest, AClaimHoldsEveryKeyUntilReleased) {
  OngoingTransactions ongoing;
  const std::vector<std::string> keys{"a", "b", "c"};
  EXPECT_FALSE(ongoing.holds("a"));
  EXPECT_FALSE(ongoing.claim(keys).has_value());
  for (const auto& k : keys) EXPECT_TRUE(ongoing.holds(k));
  EXPECT_FALSE(ongoing.holds("d"));
  ongoing.release(keys);
  for (const auto& k : keys) EXPECT_FALSE(ongoing.holds(k));
}

TEST(OngoingTransactionsTest, AClaimOverlappingAnotherNamesTheFirstHeldKeyAndMarksNothing) {
  OngoingTransactions ongoing;
  const std::vector<std::string> first{"b", "d"};
  ASSERT_FALSE(ongoing.claim(first).has_value());
  const std::vector<std::string> second{"a", "c", "d", "b"};
  EXPECT_EQ(ongoing.claim(second), std::optional<size_t>(2));
  EXPECT_FALSE(ongoing.holds("a"));
  EXPECT_FALSE(ongoing.holds("c"));
  EXPECT_TRUE(ongoing.holds("b"));
  EXPECT_TRUE(ongoing.holds("d"));
  ongoing.release(first);
  EXPECT_FALSE(ongoing.claim(second).has_value());
}

TEST(OngoingTransactionsTest, TheGuardReleasesOnEveryExit) {
  OngoingTransactions ongoing;
  const std::vector<std::string> keys{"k"};
  try {
    ASSERT_FALSE(ongoing.claim(keys).has_value());
    TransactionClaim claim(ongoing, keys);
    EXPECT_TRUE(ongoing.holds("k"));
    throw std::runtime_error("transaction failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(ongoing.holds("k"));
}

}  // namespace
}  // namespace cairn::engine
