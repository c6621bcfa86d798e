// Wall-clock time as DynamoDB reports it: milliseconds since the Unix epoch, and as IAM
// writes it.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>

namespace cairn {

inline int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// ISO 8601 in UTC to the second, as IAM and the AWS CLI show times: 2026-12-07T01:55:00Z.
inline std::string iso8601_utc(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// The same to the millisecond, as DynamoDB's export manifests write times:
// 2026-12-07T01:55:00.123Z.
inline std::string iso8601_utc_ms(int64_t ms) {
  std::string text = iso8601_utc(ms);
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>(ms % 1000));
  text.pop_back();
  return text + fraction;
}

}  // namespace cairn
