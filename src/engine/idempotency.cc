#include "engine/idempotency.h"

#include <algorithm>
#include <vector>

#include "engine/key_space.h"
#include "model/api_error.h"
#include "model/clock.h"
#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

constexpr size_t kTimeBytes = 8;

void append_big_endian(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

uint64_t read_big_endian(std::string_view in) {
  uint64_t v = 0;
  for (unsigned char c : in.substr(0, kTimeBytes)) v = (v << 8) | c;
  return v;
}

}  // namespace

IdempotencyRegistry::IdempotencyRegistry(storage::KvStore& store) : store_(store) {
  load();
}

void IdempotencyRegistry::load() {
  const auto steady_now = Clock::now();
  const int64_t wall_now = now_ms();
  const int64_t window_ms = std::chrono::duration_cast<std::chrono::milliseconds>(kWindow).count();
  std::vector<std::string> expired;
  const KeyRange tokens = idempotency_token_range();
  auto it = store_.scan(tokens.lower, tokens.upper);
  for (it->seek_to_first(); it->valid(); it->next()) {
    const std::string_view value = it->value();
    const int64_t age =
        value.size() > kTimeBytes
            ? wall_now -
                  static_cast<int64_t>(read_big_endian(value.substr(value.size() - kTimeBytes)))
            : window_ms;
    if (age >= window_ms) {
      expired.emplace_back(it->key());
      continue;
    }
    // A commit time ahead of the clock (the clock went back) counts as now.
    entries_[std::string(idempotency_token_of(it->key()))] =
        Entry{std::string(value.substr(0, value.size() - kTimeBytes)), false,
              steady_now + std::chrono::milliseconds(window_ms - std::max<int64_t>(age, 0))};
  }
  for (const auto& key : expired) store_.remove(key);
}

void IdempotencyRegistry::expire(Clock::time_point now) {
  if (now < next_sweep_) return;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (!it->second.running && it->second.expires <= now) {
      store_.remove(idempotency_token_key(it->first));
      it = entries_.erase(it);
    } else {
      ++it;
    }
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

TokenRecord IdempotencyRegistry::record(const std::string& token, const std::string& fingerprint,
                                        int64_t committed_ms) {
  TokenRecord r{idempotency_token_key(token), fingerprint};
  append_big_endian(r.value, static_cast<uint64_t>(committed_ms));
  return r;
}

}  // namespace cairn::engine
