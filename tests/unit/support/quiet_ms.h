// A moment no write shares, for the tests of point-in-time recovery and exports: the writes
// made before the call are before it, those made after, after it.
#pragma once

#include <chrono>
#include <cstdint>
#include <thread>

#include "model/clock.h"

namespace cairn::testing_support {

inline int64_t quiet_ms() {
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  const int64_t ms = now_ms();
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  return ms;
}

}  // namespace cairn::testing_support
