#include "engine/background_worker.h"

#include <algorithm>
#include <exception>
#include <iostream>
#include <utility>

#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

constexpr int kConflictRetries = 20;
constexpr std::chrono::milliseconds kConflictBackoffStep{10};

}  // namespace

BackgroundWorker::BackgroundWorker(std::string name, std::function<PassOutcome()> pass)
    : name_(std::move(name)), pass_(std::move(pass)) {}

BackgroundWorker::~BackgroundWorker() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundWorker::start(Schedule schedule) {
  {
    std::lock_guard lock(mu_);
    schedule_ = schedule;
  }
  thread_ = std::thread([this] { run(); });
}

void BackgroundWorker::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void BackgroundWorker::set_period(std::chrono::milliseconds period) {
  {
    std::lock_guard lock(mu_);
    schedule_.period = period;
    woken_ = true;  // the current wait may be longer
  }
  cv_.notify_all();
}

bool BackgroundWorker::stopping() {
  std::lock_guard lock(mu_);
  return stop_;
}

bool BackgroundWorker::pause(std::chrono::milliseconds duration) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, duration, [this] { return stop_; });
}

bool BackgroundWorker::retry_conflicts(const std::function<void()>& attempt) {
  for (int n = 1;; ++n) {
    try {
      attempt();
      return true;
    } catch (const storage::ConflictError&) {
      if (n >= kConflictRetries) throw;
      if (pause(kConflictBackoffStep * n)) return false;
    }
  }
}

void BackgroundWorker::run() {
  std::unique_lock lock(mu_);
  if (schedule_.wait_before_first) {
    auto woken_or_stopped = [this] { return stop_ || woken_; };
    if (schedule_.period) {
      cv_.wait_for(lock, *schedule_.period, woken_or_stopped);
    } else {
      cv_.wait(lock, woken_or_stopped);
    }
  }
  while (!stop_) {
    // Reset before the pass: a wake during it asks for another.
    woken_ = false;
    lock.unlock();
    PassOutcome outcome = PassOutcome::kRetry;
    try {
      outcome = pass_();
    } catch (const std::exception& e) {
      std::cerr << "cairn: " << name_ << " failed (will retry): " << e.what() << std::endl;
    }
    lock.lock();
    auto woken_or_stopped = [this] { return stop_ || woken_; };
    if (outcome == PassOutcome::kRetry) {
      auto wait = schedule_.retry_after;
      if (schedule_.period) wait = std::min(wait, *schedule_.period);
      cv_.wait_for(lock, wait, woken_or_stopped);
    } else if (schedule_.period) {
      cv_.wait_for(lock, *schedule_.period, woken_or_stopped);
    } else {
      cv_.wait(lock, woken_or_stopped);
    }
  }
}

}  // namespace cairn::engine
