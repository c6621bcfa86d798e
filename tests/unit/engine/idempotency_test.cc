#include "engine/idempotency.h"

#include <gtest/gtest.h>

#include "model/api_error.h"

namespace cairn::engine {
namespace {

using Clock = IdempotencyRegistry::Clock;

ErrorType error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ApiError& e) {
    return e.type();
  }
  ADD_FAILURE() << "no error";
  return ErrorType::kInternalServerError;
}

TEST(IdempotencyRegistry, ASucceededTokenReplaysForTenMinutes) {
  IdempotencyRegistry r;
  const auto t0 = Clock::now();
  EXPECT_FALSE(r.begin("tok", "req", t0));
  r.finish("tok", true, t0);
  EXPECT_TRUE(r.begin("tok", "req", t0 + std::chrono::minutes(9)));
  EXPECT_FALSE(r.begin("tok", "req", t0 + std::chrono::minutes(11)));
}

TEST(IdempotencyRegistry, ADifferentRequestWithTheTokenIsAMismatch) {
  IdempotencyRegistry r;
  EXPECT_FALSE(r.begin("tok", "req"));
  r.finish("tok", true);
  EXPECT_EQ(error_of([&] { r.begin("tok", "other"); }), ErrorType::kIdempotentParameterMismatch);
}

TEST(IdempotencyRegistry, ARunningTokenIsInProgressAndAFailureIsForgotten) {
  IdempotencyRegistry r;
  EXPECT_FALSE(r.begin("tok", "req"));
  EXPECT_EQ(error_of([&] { r.begin("tok", "req"); }), ErrorType::kTransactionInProgress);
  r.finish("tok", false);
  EXPECT_FALSE(r.begin("tok", "req"));
}

}  // namespace
}  // namespace cairn::engine
