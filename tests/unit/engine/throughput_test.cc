#include "engine/throughput.h"

#include <gtest/gtest.h>

#include "model/api_error.h"

namespace cairn::engine {
namespace {

using Clock = ThroughputLimiter::Clock;
using std::chrono::seconds;

TableInfo provisioned_table(int64_t rcu, int64_t wcu) {
  TableInfo t;
  t.name = "t";
  t.table_id = "id-1";
  t.billing_mode = BillingMode::kProvisioned;
  t.throughput.read_capacity = rcu;
  t.throughput.write_capacity = wcu;
  return t;
}

ConsumedCapacity reads(double units) {
  ConsumedCapacity c;
  c.table.read = units;
  return c;
}

bool throttled(ThroughputLimiter& l, const TableInfo& t, Access a, Clock::time_point now,
               const IndexInfo* index = nullptr) {
  try {
    l.admit(t, a, index, now);
    return false;
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), ErrorType::kProvisionedThroughputExceeded);
    return true;
  }
}

TEST(ThroughputLimiter, BurstCapacityThenTheProvisionedRate) {
  ThroughputLimiter l(true);
  auto t = provisioned_table(10, 10);
  const auto t0 = Clock::now();
  EXPECT_FALSE(throttled(l, t, Access::kRead, t0));
  l.charge(t, reads(3000), t0);  // five minutes of 10 RCU
  EXPECT_TRUE(throttled(l, t, Access::kRead, t0));
  EXPECT_FALSE(throttled(l, t, Access::kWrite, t0));              // writes have their own bucket
  EXPECT_FALSE(throttled(l, t, Access::kRead, t0 + seconds(1)));  // 10 units refilled
  l.charge(t, reads(20), t0 + seconds(1));                        // 10 units in debt
  EXPECT_TRUE(throttled(l, t, Access::kRead, t0 + seconds(1)));
  EXPECT_FALSE(throttled(l, t, Access::kRead, t0 + seconds(3)));
}

TEST(ThroughputLimiter, OnDemandTablesAndDisabledLimiterNeverThrottle) {
  auto t = provisioned_table(1, 1);
  ThroughputLimiter off(false);
  off.charge(t, reads(1e9));
  EXPECT_FALSE(throttled(off, t, Access::kRead, Clock::now()));
  ThroughputLimiter on(true);
  t.billing_mode = BillingMode::kPayPerRequest;
  on.charge(t, reads(1e9));
  EXPECT_FALSE(throttled(on, t, Access::kRead, Clock::now()));
}

TEST(ThroughputLimiter, AnExhaustedGsiThrottlesWritesToItsTable) {
  ThroughputLimiter l(true);
  auto t = provisioned_table(100, 100);
  IndexInfo gsi;
  gsi.name = "g";
  gsi.kind = IndexKind::kGlobal;
  gsi.throughput.write_capacity = 1;
  gsi.throughput.read_capacity = 1;
  t.indexes.push_back(gsi);
  const auto now = Clock::now();
  EXPECT_FALSE(throttled(l, t, Access::kWrite, now));
  ConsumedCapacity c;
  c.global_indexes["g"].write = 400;
  l.charge(t, c, now);
  EXPECT_TRUE(throttled(l, t, Access::kWrite, now));
  EXPECT_FALSE(throttled(l, t, Access::kRead, now));
}

}  // namespace
}  // namespace cairn::engine
