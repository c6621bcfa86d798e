#include "net/request_parser.h"

#include <boost/beast/core/string.hpp>

#include "api/dispatcher.h"

namespace cairn::net {

void RequestParser::on_field_impl(boost::beast::http::field name, string_view name_string,
                                  string_view value, error_code& ec) {
  using boost::beast::http::field;
  count_head(name_string.size() + value.size() + sizeof(": \r\n") - 1, ec);
  if (ec) return;
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
      head_.has_origin = true;
      return;
    case field::access_control_request_method:
      head_.cors_request_method.assign(value.data(), value.size());
      return;
    case field::access_control_request_headers:
      head_.cors_request_headers.assign(value.data(), value.size());
      return;
    case field::unknown:
      if (boost::beast::iequals(name_string, "x-amz-target")) {
        head_.amz_target.assign(value.data(), value.size());
      }
      return;
    default:
      return;
  }
}

void RequestParser::count_head(std::size_t bytes, error_code& ec) {
  if (bytes > head_left_) {
    ec = boost::beast::http::error::header_limit;
    return;
  }
  head_left_ -= bytes;
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) {
  // Room for the whole body plus the padding the JSON parser reads past the end, so the JSON
  // parser can work on this buffer in place. The parser's body limit bounds length.
  if (length) head_.body.reserve(*length + api::kBodyPadding);
}

}  // namespace cairn::net
