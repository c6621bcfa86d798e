// The one shape of the engine's background work (index backfill, Time to Live, stream
// trimming): a thread that runs a pass, then sleeps until it is woken, its period passes or
// it is stopped, and runs the next. A pass that throws is logged and run again after a
// short wait; a long pass asks stopping() between two steps and leaves when told, and
// waits through pause() so that a stop cuts the wait short. The owner declares the worker
// as its last member, so that it stops (in its destructor) before anything a pass uses is
// destroyed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace cairn::engine {

class BackgroundWorker {
 public:
  enum class PassOutcome {
    kDone,   // sleep until woken or the period passes
    kRetry,  // a step failed (and said so): run again after the retry wait
  };
  struct Schedule {
    // Between two passes; nullopt: a pass runs only when woken.
    std::optional<std::chrono::milliseconds> period;
    // After a pass that failed or threw (at most the period).
    std::chrono::milliseconds retry_after{1000};
    // Whether the first pass waits one period (or a wake) instead of running at once.
    bool wait_before_first = false;
  };

  // name: what the log calls a pass ("time to live pass"). Nothing runs before start().
  BackgroundWorker(std::string name, std::function<PassOutcome()> pass);
  // Stops the worker: the pass under way ends at its next stopping() or pause().
  ~BackgroundWorker();
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  void start(Schedule schedule);
  // Runs the next pass now, or after the one under way.
  void wake();
  void set_period(std::chrono::milliseconds period);

  // Whether the worker is being stopped (always false when it never started).
  bool stopping();
  // Sleeps for duration or until stopped; returns whether stopped.
  bool pause(std::chrono::milliseconds duration);
  // Runs attempt until it returns without a storage conflict (a lock held by a writer past
  // the lock timeout: the writer will let go), pausing longer after each. Returns false
  // when stopped while waiting; rethrows the conflict after too many attempts.
  bool retry_conflicts(const std::function<void()>& attempt);

 private:
  void run();

  const std::string name_;
  const std::function<PassOutcome()> pass_;
  std::mutex mu_;
  std::condition_variable cv_;
  Schedule schedule_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace cairn::engine
