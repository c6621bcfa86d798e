// Which web pages may call the server from a browser (CORS, `cairn serve --cors-origins`).
// DynamoDB grants every origin ("*"). A local server that answers every origin lets any web
// page its user visits read and change its tables, so Cairn's default grants only pages
// served from this machine (http or https on localhost, 127.0.0.1 or [::1], any port);
// "*" restores DynamoDB's answer, "none" grants no page, and a comma-separated list
// grants exactly those origins. A request from a page not granted gets no CORS headers,
// so the browser withholds the answer, and refuses to send the request at all when it
// needs a preflight, as every DynamoDB request does (X-Amz-Target is not a simple header).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cairn::net {

class CorsPolicy {
 public:
  // spec: "loopback", "*", "none", or origins separated by commas. Throws
  // std::invalid_argument for an origin that is not scheme://host[:port].
  explicit CorsPolicy(std::string_view spec = "loopback");

  bool allows(std::string_view origin) const;
  // Whether every origin is granted: Access-Control-Allow-Origin is then "*", as
  // DynamoDB's; otherwise it names the origin granted.
  bool grants_any() const { return mode_ == Mode::kAny; }

 private:
  enum class Mode { kAny, kNone, kLoopback, kList };
  Mode mode_;
  std::vector<std::string> origins_;
};

}  // namespace cairn::net
