#include "engine/idempotency.h"

#include <gtest/gtest.h>

#include "engine/key_space.h"
#include "model/api_error.h"
#include "model/clock.h"
#include "storage/rocksdb_store.h"

namespace cairn::engine {
namespace {

using Clock = IdempotencyRegistry::Clock;

// A fresh in-memory store per registry.
struct Store {
  Store() : store({"/idempotency-test-" + std::to_string(++instances), true, false}) {}
  static inline int instances = 0;
  storage::RocksDbStore store;
};

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
  Store s;
  IdempotencyRegistry r(s.store);
  const auto t0 = Clock::now();
  EXPECT_FALSE(r.begin("tok", "req", t0));
  r.finish("tok", true, t0);
  EXPECT_TRUE(r.begin("tok", "req", t0 + std::chrono::minutes(9)));
  EXPECT_FALSE(r.begin("tok", "req", t0 + std::chrono::minutes(11)));
}

TEST(IdempotencyRegistry, ADifferentRequestWithTheTokenIsAMismatch) {
  Store s;
  IdempotencyRegistry r(s.store);
  EXPECT_FALSE(r.begin("tok", "req"));
  r.finish("tok", true);
  EXPECT_EQ(error_of([&] { r.begin("tok", "other"); }), ErrorType::kIdempotentParameterMismatch);
}

TEST(IdempotencyRegistry, ARunningTokenIsInProgressAndAFailureIsForgotten) {
  Store s;
  IdempotencyRegistry r(s.store);
  EXPECT_FALSE(r.begin("tok", "req"));
  EXPECT_EQ(error_of([&] { r.begin("tok", "req"); }), ErrorType::kTransactionInProgress);
  r.finish("tok", false);
  EXPECT_FALSE(r.begin("tok", "req"));
}

}  // namespace
}  // namespace cairn::engine

namespace cairn::engine {
namespace {

TEST(IdempotencyRegistry, ATokenCommittedWithinTheWindowIsAReplayAfterARestart) {
  Store s;
  const TokenRecord record = IdempotencyRegistry::record("tok", "req", now_ms() - 60'000);
  s.store.put(record.key, record.value);  // as the transaction's commit wrote it
  IdempotencyRegistry restarted(s.store);
  EXPECT_TRUE(restarted.begin("tok", "req"));
  EXPECT_EQ(error_of([&] { restarted.begin("tok", "other"); }),
            ErrorType::kIdempotentParameterMismatch);
  // Nine minutes are left of its window, not ten.
  EXPECT_FALSE(restarted.begin("tok", "req", Clock::now() + std::chrono::seconds(9 * 60 + 5)));
}

TEST(IdempotencyRegistry, ATokenOlderThanTheWindowIsForgottenAndRemoved) {
  Store s;
  const TokenRecord record = IdempotencyRegistry::record("old", "req", now_ms() - 11 * 60'000);
  s.store.put(record.key, record.value);
  IdempotencyRegistry restarted(s.store);
  EXPECT_FALSE(restarted.begin("old", "req"));
  EXPECT_FALSE(s.store.get(idempotency_token_key("old")).has_value());
}

TEST(IdempotencyRegistry, AnExpiredTokenLeavesStorageAtTheNextSweep) {
  Store s;
  IdempotencyRegistry r(s.store);
  const auto t0 = Clock::now();
  EXPECT_FALSE(r.begin("tok", "req", t0));
  const TokenRecord record = IdempotencyRegistry::record("tok", "req", now_ms());
  s.store.put(record.key, record.value);
  r.finish("tok", true, t0);
  EXPECT_FALSE(r.begin("other", "req", t0 + std::chrono::minutes(11)));
  EXPECT_FALSE(s.store.get(idempotency_token_key("tok")).has_value());
}

TEST(IdempotencyRegistry, ARecordHoldsTheFingerprintNotTheRequest) {
  const std::string fingerprint(32, 'f');
  const TokenRecord record = IdempotencyRegistry::record("tok", fingerprint, 1234);
  EXPECT_EQ(record.key, idempotency_token_key("tok"));
  EXPECT_EQ(record.value.size(), 40u);
  EXPECT_EQ(record.value.substr(0, 32), fingerprint);
}

}  // namespace
}  // namespace cairn::engine
