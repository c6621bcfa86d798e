#include "net/request_parser.h"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>

#include "api/request_handler.h"

namespace cairn::net {

void RequestParser::on_field_impl(boost::beast::http::field name, string_view name_string,
                                  string_view value, error_code& ec) {
  using boost::beast::http::field;
  count_head(name_string.size() + value.size() + sizeof(": \r\n") - 1, ec);
  if (ec) return;
  if (head_.keep_fields) {
    // Assigned into a kept entry, a field allocates only when it is longer than before.
    if (head_.field_count == head_.fields.size()) head_.fields.emplace_back();
    auto& [kept_name, kept_value] = head_.fields[head_.field_count++];
    kept_name.assign(name_string.data(), name_string.size());
    kept_value.assign(value.data(), value.size());
  }
  switch (name) {
    case field::host:
      head_.host.assign(value.data(), value.size());
      return;
    case field::content_encoding:
      // A second header lists a second coding, which Cairn does not apply: it stays in
      // the value so that the value is refused as a whole.
      if (!head_.content_encoding.empty()) head_.content_encoding += ", ";
      head_.content_encoding.append(value.data(), value.size());
      return;
    case field::accept_encoding:
      // RFC 9110: a list header may be split over several lines; they mean the same
      // as one header joined with commas.
      if (!head_.accept_encoding.empty()) head_.accept_encoding.push_back(',');
      head_.accept_encoding.append(value.data(), value.size());
      return;
    case field::origin:
      head_.origin.assign(value.data(), value.size());
      return;
    case field::authorization:
      head_.authorization.assign(value.data(), value.size());
      return;
    case field::access_control_request_method:
      head_.cors_request_method.assign(value.data(), value.size());
      return;
    case field::access_control_request_headers:
      head_.cors_request_headers.assign(value.data(), value.size());
      return;
    case field::content_length:
      ++content_length_fields_;
      return;
    case field::transfer_encoding:
      if (!transfer_encoding_.empty()) transfer_encoding_.push_back(',');
      transfer_encoding_.append(value.data(), value.size());
      return;
    case field::unknown:
      if (boost::beast::iequals(name_string, "x-amz-target")) {
        ++amz_target_fields_;
        head_.amz_target.assign(value.data(), value.size());
      }
      return;
    default:
      return;
  }
}

void RequestParser::on_header_impl(error_code& ec) {
  count_head(2, ec);  // the blank line
  if (!ec) check_framing(ec);
}

namespace {

// The last coding of a Transfer-Encoding list, without its optional whitespace.
std::string_view last_coding(std::string_view list) {
  const size_t comma = list.rfind(',');
  std::string_view coding = comma == std::string_view::npos ? list : list.substr(comma + 1);
  while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t')) {
    coding.remove_prefix(1);
  }
  while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t')) {
    coding.remove_suffix(1);
  }
  return coding;
}

}  // namespace

void RequestParser::check_framing(error_code& ec) const {
  using boost::beast::http::error;
  if (amz_target_fields_ > 1) {
    ec = error::bad_field;
    return;
  }
  // Two lengths, even equal ones, are what a smuggler sends; so is a length beside a
  // transfer coding (RFC 9112 section 6.3: the length must not be trusted then).
  if (content_length_fields_ > 1) {
    ec = error::bad_content_length;
    return;
  }
  if (!transfer_encoding_.empty()) {
    // A request body's length is known only when chunked is the last coding (section
    // 6.3, point 4); any other coding leaves it unknown, and the request is refused.
    if (content_length_fields_ > 0 ||
        !boost::beast::iequals(last_coding(transfer_encoding_), "chunked")) {
      ec = error::bad_transfer_encoding;
    }
  }
}

void RequestParser::count_head(std::size_t bytes, error_code& ec) {
  if (bytes > head_left_) {
    ec = boost::beast::http::error::header_limit;
    return;
  }
  head_left_ -= bytes;
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& length,
                                      error_code& ec) {
  // Room for the whole body plus the padding the JSON parser reads past the end, so the JSON
  // parser can work on this buffer in place. The parser's body limit bounds length.
  if (length) reserve_body(*length + api::kBodyPadding, ec);
}

bool RequestParser::reserve_body(std::size_t capacity, error_code& ec) {
  // The buffer may keep a capacity from an earlier request of the connection; what is
  // reserved is what this request makes it hold.
  if (!budget_.grow_to(std::max(capacity, head_.body.capacity()))) {
    budget_exhausted_ = true;
    ec = boost::beast::http::error::buffer_overflow;
    return false;
  }
  head_.body.reserve(capacity);
  return true;
}

std::size_t RequestParser::append(string_view data, error_code& ec) {
  const std::size_t needed = head_.body.size() + data.size() + api::kBodyPadding;
  if (needed > head_.body.capacity() &&
      !reserve_body(std::min(std::max(needed, 2 * head_.body.capacity()),
                             api::kMaxRequestBody + api::kBodyPadding),
                    ec)) {
    return 0;
  }
  head_.body.append(data.data(), data.size());
  return data.size();
}

}  // namespace cairn::net
