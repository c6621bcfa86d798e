// How many connections the server holds open at once (`cairn serve --max-connections`),
// across all its event loops. A loop takes a slot before it accepts, the connection it
// accepts keeps it, and gives it back when it closes; while every slot is taken, the loops stop
// accepting and new clients wait in the kernel's listen queue, rather than each costing a
// descriptor and buffers.
#pragma once

#include <atomic>
#include <cstddef>
#include <optional>

namespace cairn::net {

class ConnectionLimit {
 public:
  // max 0: no limit but the process's file descriptors.
  explicit ConnectionLimit(size_t max) : max_(max) {}

  // A connection's hold on its slot; giving it back when destroyed.
  class Slot {
   public:
    Slot() = default;
    explicit Slot(ConnectionLimit* limit) : limit_(limit) {}
    Slot(Slot&& other) noexcept : limit_(other.limit_) { other.limit_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (limit_) limit_->open_.fetch_sub(1, std::memory_order_relaxed);
    }

   private:
    ConnectionLimit* limit_ = nullptr;
  };

  // A slot for the next connection a loop accepts, taken before it accepts (so that loops
  // accepting at once never pass max together); nullopt while every slot is taken.
  std::optional<Slot> try_take() {
    size_t open = open_.load(std::memory_order_relaxed);
    do {
      if (max_ != 0 && open >= max_) return std::nullopt;
    } while (!open_.compare_exchange_weak(open, open + 1, std::memory_order_relaxed));
    return Slot(this);
  }
  size_t open() const { return open_.load(std::memory_order_relaxed); }

 private:
  const size_t max_;
  std::atomic<size_t> open_{0};
};

}  // namespace cairn::net
