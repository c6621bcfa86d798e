// ClientRequestToken idempotency for TransactWriteItems: for ten minutes after a
// transaction with a token succeeded, the same token with the same request succeeds again
// without doing anything; with a different request it is refused
// (IdempotentParameterMismatchException); while the first is still running, a second is
// refused (TransactionInProgressException). Tokens live in memory: a restart forgets them.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cairn::engine {

class IdempotencyRegistry {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::minutes kWindow{10};

  // Claims token for a request whose parameters are fingerprint. Returns true when the
  // request already succeeded (the caller answers success and does nothing), false when the
  // caller must run it and then call finish(). Throws as described above.
  bool begin(const std::string& token, const std::string& fingerprint,
             Clock::time_point now = Clock::now());
  // Records the outcome of a run begun with begin(): a success is remembered for the
  // window; a failure forgets the token, so a retry runs again.
  void finish(const std::string& token, bool succeeded, Clock::time_point now = Clock::now());

 private:
  struct Entry {
    std::string fingerprint;
    bool running = true;
    Clock::time_point expires;
  };
  void expire(Clock::time_point now);

  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  Clock::time_point next_sweep_{};
};

}  // namespace cairn::engine
