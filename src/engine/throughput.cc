#include "engine/throughput.h"

#include <algorithm>

#include "model/api_error.h"

namespace cairn::engine {
namespace {

bool provisioned(const TableInfo& table) {
  return table.billing_mode == BillingMode::kProvisioned;
}

double rate_of(const Throughput& t, Access access) {
  return static_cast<double>(access == Access::kRead ? t.read_capacity : t.write_capacity);
}

ApiError table_exceeded() {
  return ApiError(ErrorType::kProvisionedThroughputExceeded,
                  "The level of configured provisioned throughput for the table was exceeded. "
                  "Consider increasing your provisioning level with the UpdateTable API.");
}

ApiError index_exceeded() {
  return ApiError(ErrorType::kProvisionedThroughputExceeded,
                  "The level of configured provisioned throughput for one or more global "
                  "secondary indexes of the table was exceeded. Consider increasing your "
                  "provisioning level for the under-provisioned global secondary indexes with "
                  "the UpdateTable API");
}

}  // namespace

double ThroughputLimiter::refill(Bucket& b, double rate, Clock::time_point now) {
  const double burst = rate * kBurstSeconds;
  if (!b.started) {
    // A new table starts with its burst capacity, as DynamoDB's do.
    b.started = true;
    b.tokens = burst;
  } else if (now > b.refilled) {
    const double seconds = std::chrono::duration<double>(now - b.refilled).count();
    b.tokens = std::min(burst, b.tokens + seconds * rate);
  }
  b.refilled = now;
  return b.tokens;
}

ThroughputLimiter::Bucket& ThroughputLimiter::bucket(const TableInfo& table,
                                                     const std::string& index, Access access) {
  std::string key = table.table_id + '/' + index + (access == Access::kRead ? "/r" : "/w");
  {
    std::shared_lock lock(mu_);
    if (auto it = buckets_.find(key); it != buckets_.end()) return *it->second;
  }
  std::unique_lock lock(mu_);
  auto& b = buckets_[key];
  if (!b) b = std::make_unique<Bucket>();
  return *b;
}

void ThroughputLimiter::admit(const TableInfo& table, Access access, const IndexInfo* index,
                              Clock::time_point now) {
  if (!enforce_ || !provisioned(table)) return;
  auto empty = [&](const std::string& name, const Throughput& t) {
    Bucket& b = bucket(table, name, access);
    std::lock_guard lock(b.mu);
    return refill(b, rate_of(t, access), now) <= 0;
  };
  if (index) {
    const Throughput& t = index->kind == IndexKind::kGlobal ? index->throughput : table.throughput;
    if (empty(index->kind == IndexKind::kGlobal ? index->name : "", t)) {
      throw index->kind == IndexKind::kGlobal ? index_exceeded() : table_exceeded();
    }
    return;
  }
  if (empty("", table.throughput)) throw table_exceeded();
  if (access == Access::kWrite) {
    for (const auto& gsi : table.indexes) {
      if (gsi.kind == IndexKind::kGlobal && empty(gsi.name, gsi.throughput)) {
        throw index_exceeded();
      }
    }
  }
}

void ThroughputLimiter::take(const TableInfo& table, const std::string& index, Access access,
                             double rate, double units, Clock::time_point now) {
  if (units <= 0) return;
  Bucket& b = bucket(table, index, access);
  std::lock_guard lock(b.mu);
  refill(b, rate, now);
  b.tokens -= units;
}

void ThroughputLimiter::charge(const TableInfo& table, const ConsumedCapacity& consumed,
                               Clock::time_point now) {
  if (!enforce_ || !provisioned(table)) return;
  // An LSI shares its table's throughput.
  Capacity on_table = consumed.table;
  for (const auto& [name, c] : consumed.local_indexes) on_table += c;
  take(table, "", Access::kRead, rate_of(table.throughput, Access::kRead), on_table.read, now);
  take(table, "", Access::kWrite, rate_of(table.throughput, Access::kWrite), on_table.write, now);
  for (const auto& [name, c] : consumed.global_indexes) {
    const IndexInfo* gsi = table.find_index(name);
    if (!gsi) continue;
    take(table, name, Access::kRead, rate_of(gsi->throughput, Access::kRead), c.read, now);
    take(table, name, Access::kWrite, rate_of(gsi->throughput, Access::kWrite), c.write, now);
  }
}

}  // namespace cairn::engine
