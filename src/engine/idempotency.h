// ClientRequestToken idempotency for TransactWriteItems: for ten minutes after a
// transaction with a token succeeded, the same token with the same request succeeds again
// without doing anything; with a different request it is refused
// (IdempotentParameterMismatchException); while the first is still running, a second is
// refused (TransactionInProgressException).
//
// A request is known by its fingerprint (a hash the api computes of its actions), never by
// the request itself, so a token costs a few dozen bytes however large its transaction. A
// succeeded token is written in the transaction's own commit (TokenRecord, key tag 't'),
// so a retry after a restart within the window is a replay too, exactly when the
// transaction's writes survived; the registry loads the tokens of the last ten minutes
// when it starts, and removes them from storage as they expire.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "engine/storage_fwd.h"

namespace cairn::engine {

// What a transaction with a token commits with its items.
struct TokenRecord {
  std::string key;
  std::string value;
};

class IdempotencyRegistry {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::minutes kWindow{10};

  // Loads the tokens that succeeded within the window (by the wall clock, model/clock.h).
  explicit IdempotencyRegistry(storage::KvStore& store);

  // Claims token for a request whose parameters are fingerprint. Returns true when the
  // request already succeeded (the caller answers success and does nothing), false when the
  // caller must run it and then call finish(). Throws as described above.
  bool begin(const std::string& token, const std::string& fingerprint,
             Clock::time_point now = Clock::now());
  // Records the outcome of a run begun with begin(): a success is remembered for the
  // window; a failure forgets the token, so a retry runs again.
  void finish(const std::string& token, bool succeeded, Clock::time_point now = Clock::now());

  // The record that makes a success durable, to commit with the transaction's items.
  static TokenRecord record(const std::string& token, const std::string& fingerprint,
                            int64_t committed_ms);

 private:
  struct Entry {
    std::string fingerprint;
    bool running = true;
    Clock::time_point expires;
  };
  void load();
  void expire(Clock::time_point now);

  storage::KvStore& store_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  Clock::time_point next_sweep_{};
};

}  // namespace cairn::engine
