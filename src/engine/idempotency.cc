#include "engine/idempotency.h"

#include "model/api_error.h"

namespace cairn::engine {

void IdempotencyRegistry::expire(Clock::time_point now) {
  if (now < next_sweep_) return;
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = !it->second.running && it->second.expires <= now ? entries_.erase(it) : std::next(it);
  }
  next_sweep_ = now + std::chrono::seconds(10);
}

bool IdempotencyRegistry::begin(const std::string& token, const std::string& fingerprint,
                                Clock::time_point now) {
  std::lock_guard lock(mu_);
  expire(now);
  auto it = entries_.find(token);
  if (it != entries_.end() && (it->second.running || it->second.expires > now)) {
    if (it->second.fingerprint != fingerprint) {
      throw ApiError(ErrorType::kIdempotentParameterMismatch,
                     "The request uses the same client token as a previous, but non-identical "
                     "request. Do not reuse a client token with different requests, unless the "
                     "requests are identical.");
    }
    if (it->second.running) {
      throw ApiError(ErrorType::kTransactionInProgress,
                     "The transaction with the given request token is already in progress.");
    }
    return true;
  }
  entries_[token] = Entry{fingerprint, true, now + kWindow};
  return false;
}

void IdempotencyRegistry::finish(const std::string& token, bool succeeded, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(token);
  if (it == entries_.end()) return;
  if (!succeeded) {
    entries_.erase(it);
    return;
  }
  it->second.running = false;
  it->second.expires = now + kWindow;
}

}  // namespace cairn::engine
