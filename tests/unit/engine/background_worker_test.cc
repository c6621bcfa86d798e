#include "engine/background_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

using namespace std::chrono_literals;
using Outcome = BackgroundWorker::PassOutcome;

// Waits (up to ten seconds) until done() holds; returns whether it did.
template <class F>
bool eventually(F done) {
  for (int i = 0; i < 1000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

TEST(BackgroundWorkerTest, NothingRunsBeforeStart) {
  std::atomic<int> passes = 0;
  {
    BackgroundWorker worker("test", [&] {
      ++passes;
      return Outcome::kDone;
    });
    worker.wake();
    std::this_thread::sleep_for(50ms);
    EXPECT_FALSE(worker.stopping());
  }
  EXPECT_EQ(passes, 0);
}

TEST(BackgroundWorkerTest, WithoutPeriodRunsAtOnceThenOnlyWhenWoken) {
  std::atomic<int> passes = 0;
  BackgroundWorker worker("test", [&] {
    ++passes;
    return Outcome::kDone;
  });
  worker.start({});
  ASSERT_TRUE(eventually([&] { return passes == 1; }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(passes, 1);
  worker.wake();
  EXPECT_TRUE(eventually([&] { return passes == 2; }));
}

TEST(BackgroundWorkerTest, WithPeriodRunsAgainAndAgain) {
  std::atomic<int> passes = 0;
  BackgroundWorker worker("test", [&] {
    ++passes;
    return Outcome::kDone;
  });
  worker.start({.period = 5ms});
  EXPECT_TRUE(eventually([&] { return passes >= 5; }));
}

TEST(BackgroundWorkerTest, WaitBeforeFirstWaitsOnePeriod) {
  std::atomic<int> passes = 0;
  BackgroundWorker worker("test", [&] {
    ++passes;
    return Outcome::kDone;
  });
  worker.start({.period = 1h, .wait_before_first = true});
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(passes, 0);
  worker.wake();  // a wake cuts the wait short
  EXPECT_TRUE(eventually([&] { return passes == 1; }));
}

TEST(BackgroundWorkerTest, AWakeDuringAPassAsksForAnother) {
  std::atomic<int> passes = 0;
  std::atomic<bool> release = false;
  BackgroundWorker worker("test", [&] {
    if (++passes == 1) {
      while (!release) std::this_thread::sleep_for(1ms);
    }
    return Outcome::kDone;
  });
  worker.start({});
  ASSERT_TRUE(eventually([&] { return passes == 1; }));
  worker.wake();
  release = true;
  EXPECT_TRUE(eventually([&] { return passes == 2; }));
}

TEST(BackgroundWorkerTest, APassThatThrowsOrFailsRunsAgainAfterTheRetryWait) {
  std::atomic<int> passes = 0;
  BackgroundWorker worker("test", [&]() -> Outcome {
    const int n = ++passes;
    if (n == 1) throw std::runtime_error("disk on fire");
    if (n == 2) return Outcome::kRetry;
    return Outcome::kDone;
  });
  worker.start({.period = std::nullopt, .retry_after = 5ms});
  ASSERT_TRUE(eventually([&] { return passes == 3; }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(passes, 3);  // done: no period, so it waits for a wake
}

TEST(BackgroundWorkerTest, SetPeriodShortensTheCurrentWait) {
  std::atomic<int> passes = 0;
  BackgroundWorker worker("test", [&] {
    ++passes;
    return Outcome::kDone;
  });
  worker.start({.period = 1h});
  ASSERT_TRUE(eventually([&] { return passes == 1; }));
  worker.set_period(5ms);
  EXPECT_TRUE(eventually([&] { return passes >= 3; }));
}

TEST(BackgroundWorkerTest, StoppingEndsALongPassAndItsPauses) {
  std::atomic<bool> in_pass = false;
  std::atomic<bool> saw_stop = false;
  BackgroundWorker* self = nullptr;
  auto worker = std::make_unique<BackgroundWorker>("test", [&] {
    in_pass = true;
    // A pass that would pause for an hour: the stop cuts it short.
    saw_stop = self->pause(1h);
    return Outcome::kDone;
  });
  self = worker.get();
  worker->start({});
  ASSERT_TRUE(eventually([&] { return in_pass.load(); }));
  const auto before = std::chrono::steady_clock::now();
  worker.reset();  // joins
  EXPECT_TRUE(saw_stop);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 30s);
}

TEST(BackgroundWorkerTest, RetryConflictsRetriesUntilTheAttemptSucceeds) {
  BackgroundWorker worker("test", [] { return Outcome::kDone; });
  int attempts = 0;
  EXPECT_TRUE(worker.retry_conflicts([&] {
    if (++attempts < 3) throw storage::ConflictError("locked");
  }));
  EXPECT_EQ(attempts, 3);
}

TEST(BackgroundWorkerTest, RetryConflictsGivesUpAfterTwentyAttempts) {
  BackgroundWorker worker("test", [] { return Outcome::kDone; });
  int attempts = 0;
  EXPECT_THROW(worker.retry_conflicts([&] {
    ++attempts;
    throw storage::ConflictError("locked");
  }),
               storage::ConflictError);
  EXPECT_EQ(attempts, 20);
}

TEST(BackgroundWorkerTest, RetryConflictsLetsOtherErrorsThrough) {
  BackgroundWorker worker("test", [] { return Outcome::kDone; });
  int attempts = 0;
  EXPECT_THROW(worker.retry_conflicts([&] {
    ++attempts;
    throw std::runtime_error("other");
  }),
               std::runtime_error);
  EXPECT_EQ(attempts, 1);
}

}  // namespace
}  // namespace cairn::engine
