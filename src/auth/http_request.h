// One HTTP request as authentication sees it: what SigV4 signs. Filled by the HTTP layer
// (through api/http_request.h), read by sigv4.*; views into the connection's buffers, valid
// while the request is handled.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cairn::auth {

// A header as received: its name in any case, its value untrimmed.
using HeaderField = std::pair<std::string, std::string>;

struct SignedHttpRequest {
  std::string_view method;  // "POST"
  std::string_view target;  // the request-target: path, and query after '?'
  std::span<const HeaderField> fields;
  std::string_view payload;  // the body as sent, before any Content-Encoding is undone
};

}  // namespace cairn::auth
