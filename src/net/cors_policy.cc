#include "net/cors_policy.h"

#include <algorithm>
#include <stdexcept>

namespace cairn::net {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// The host of "scheme://host[:port]" with an http or https scheme, or "" when the text is
// not such an origin.
std::string_view origin_host(std::string_view origin) {
  std::string_view rest;
  if (origin.substr(0, 7) == "http://") {
    rest = origin.substr(7);
  } else if (origin.substr(0, 8) == "https://") {
    rest = origin.substr(8);
  } else {
    return {};
  }
  if (rest.empty() || rest.find('/') != std::string_view::npos) return {};
  if (rest.front() == '[') {  // an IPv6 literal
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) return {};
    const std::string_view after = rest.substr(close + 1);
    if (!after.empty() && after.front() != ':') return {};
    return rest.substr(0, close + 1);
  }
  return rest.substr(0, rest.find(':'));
}

}  // namespace

CorsPolicy::CorsPolicy(std::string_view spec) {
  spec = trim(spec);
  if (spec == "*") {
    mode_ = Mode::kAny;
  } else if (spec == "none" || spec.empty()) {
    mode_ = Mode::kNone;
  } else if (spec == "loopback") {
    mode_ = Mode::kLoopback;
  } else {
    mode_ = Mode::kList;
    while (!spec.empty()) {
      const size_t comma = spec.find(',');
      const std::string_view origin = trim(spec.substr(0, comma));
      if (origin_host(origin).empty()) {
        throw std::invalid_argument("not an origin (scheme://host[:port]): '" +
                                    std::string(origin) + "'");
      }
      origins_.emplace_back(origin);
      spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    }
  }
}

bool CorsPolicy::allows(std::string_view origin) const {
  switch (mode_) {
    case Mode::kAny:
      return true;
    case Mode::kNone:
      return false;
    case Mode::kLoopback: {
      const std::string_view host = origin_host(origin);
      return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
    }
    case Mode::kList:
      return std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
  }
  return false;
}

}  // namespace cairn::net
