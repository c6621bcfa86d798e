// Wall-clock time as DynamoDB reports it: milliseconds since the Unix epoch.
#pragma once

#include <chrono>
#include <cstdint>

namespace cairn {

inline int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace cairn
