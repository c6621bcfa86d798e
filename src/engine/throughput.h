// Opt-in throttling (`cairn serve --enforce-throughput`): provisioned tables and GSIs get
// DynamoDB's token buckets, filled at their provisioned rate per second and holding up to
// five minutes of unused capacity (DynamoDB's burst capacity). A request is admitted while
// its buckets are not empty and then charged what it consumed, so one request may overdraw
// and the debt refills over time; a request finding an empty bucket is refused with
// ProvisionedThroughputExceededException. On-demand tables never throttle, and with
// enforcement off nothing here is touched.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "engine/capacity.h"
#include "engine/table_info.h"

namespace cairn::engine {

enum class Access { kRead, kWrite };

class ThroughputLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr double kBurstSeconds = 300;

  explicit ThroughputLimiter(bool enforce) : enforce_(enforce) {}
  bool enforcing() const { return enforce_; }

  // Refuses the request when the table's bucket for this access, or (writes) a bucket of
  // one of its GSIs, or (reads of an index) the index's bucket, is empty.
  void admit(const TableInfo& table, Access access, const IndexInfo* index = nullptr,
             Clock::time_point now = Clock::now());
  // Takes what a request consumed from the buckets it used.
  void charge(const TableInfo& table, const ConsumedCapacity& consumed,
              Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    std::mutex mu;
    double tokens = 0;
    Clock::time_point refilled{};
    bool started = false;
  };
  // Brings the bucket up to now at rate units per second; returns its tokens.
  static double refill(Bucket& b, double rate, Clock::time_point now);
  Bucket& bucket(const TableInfo& table, const std::string& index, Access access);
  void take(const TableInfo& table, const std::string& index, Access access, double rate,
            double units, Clock::time_point now);

  bool enforce_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<Bucket>> buckets_;
};

}  // namespace cairn::engine
