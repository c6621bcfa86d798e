// The memory that request bodies may hold at once, over every connection
// (`cairn serve --request-memory-mb`). A request reserves its body's bytes as they are
// announced (Content-Length) or arrive (chunked), and gives them back when its response
// has been sent; a request that would pass the budget is refused with DynamoDB's
// ThrottlingException, which the AWS SDKs retry after a back-off. With the connection
// limit, this bounds what clients can make the server hold, whatever they send: partial
// 16 MB bodies on a hundred connections wait for nobody's memory but the budget's.
#pragma once

#include <atomic>
#include <cstddef>

namespace cairn::net {

class RequestBudget {
 public:
  explicit RequestBudget(size_t bytes) : limit_(bytes) {}

  // One request's share: grows as its body does, and goes back to the budget when the
  // request is done (release) or the reservation is destroyed.
  class Reservation {
   public:
    explicit Reservation(RequestBudget& budget) : budget_(budget) {}
    Reservation(const Reservation&) = delete;
    Reservation& operator=(const Reservation&) = delete;
    ~Reservation() { release(); }

    // Reserves up to total bytes in all (more than held so far); false, reserving nothing
    // more, when the budget does not have them.
    bool grow_to(size_t total) {
      if (total <= held_) return true;
      if (!budget_.take(total - held_)) return false;
      held_ = total;
      return true;
    }
    void release() {
      budget_.give_back(held_);
      held_ = 0;
    }

   private:
    RequestBudget& budget_;
    size_t held_ = 0;
  };

  size_t in_use() const { return used_.load(std::memory_order_relaxed); }
  size_t limit() const { return limit_; }

 private:
  bool take(size_t bytes) {
    size_t used = used_.load(std::memory_order_relaxed);
    do {
      if (bytes > limit_ - used) return false;
    } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
    return true;
  }
  void give_back(size_t bytes) {
    if (bytes) used_.fetch_sub(bytes, std::memory_order_relaxed);
  }

  const size_t limit_;
  std::atomic<size_t> used_{0};
};

}  // namespace cairn::net
