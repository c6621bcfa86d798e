#include "net/response_head.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>

namespace cairn::net {

// The Date header (RFC 9110's IMF-fixdate), formatted once per second per thread; by
// hand, because strftime's day and month names follow the locale.
void append_date(std::string& out) {
  thread_local std::time_t formatted_at = -1;
  thread_local char text[32];
  thread_local int length = 0;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&now, &tm);
    length = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                           kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900,
                           tm.tm_hour, tm.tm_min, tm.tm_sec);
    formatted_at = now;
  }
  out.append(text, static_cast<size_t>(length));
}

// A request header echoed into the response, without the line breaks that would let it
// end the header early.
void append_header_value(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
}

// DynamoDB's request ids are 52 upper-case letters and digits. Uniqueness, not secrecy,
// is what matters, so a per-thread xorshift generator is enough, and each draw yields ten
// characters of six bits (a 64-entry table over the 36 symbols: slightly uneven, which
// uniqueness does not mind).
void append_request_id(std::string& out) {
  thread_local uint64_t state =
      reinterpret_cast<uintptr_t>(&state) ^
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  static constexpr char kChars[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ01";
  static_assert(sizeof kChars == 65);
  constexpr size_t kLength = 52;
  char id[kLength];
  for (size_t i = 0; i < kLength; i += 10) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    uint64_t bits = state;
    for (size_t j = i; j < i + 10 && j < kLength; ++j, bits >>= 6) id[j] = kChars[bits & 63];
  }
  out.append(id, kLength);
}

}  // namespace cairn::net
