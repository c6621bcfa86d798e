// The pieces of a response head the sessions write by hand (session.cc): numbers, the
// Date header, echoed header values, DynamoDB's request ids.
#pragma once

#include <charconv>
#include <string>
#include <string_view>

namespace cairn::net {

template <typename T>
void append_number(std::string& out, T value, int base = 10) {
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, value, base).ptr;
  out.append(buf, end);
}

// The Date header (RFC 9110's IMF-fixdate), formatted once per second per thread.
void append_date(std::string& out);

// A request header echoed into the response, without the line breaks that would let it
// end the header early.
void append_header_value(std::string& out, std::string_view value);

// A request id of DynamoDB's shape: 52 upper-case letters and digits.
void append_request_id(std::string& out);

}  // namespace cairn::net
