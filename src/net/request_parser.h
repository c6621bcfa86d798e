// RequestParser: Beast's HTTP/1.1 parser, keeping only what the DynamoDB protocol needs.
// Beast's stock parser stores every header in an allocated field list; this one copies
// the few headers Cairn reads, and the body, into a RequestHead the connection reuses.
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/request_budget.h"

namespace cairn::net {

// What Cairn keeps of a request. Owned by the connection and reused by every request on
// it, so that its strings keep their capacity instead of being allocated per request.
struct RequestHead {
  boost::beast::http::verb method = boost::beast::http::verb::unknown;
  std::string target;
  std::string amz_target;
  std::string host;
  std::string content_encoding;
  std::string accept_encoding;  // every Accept-Encoding header, joined with ','
  // CORS: the request's Origin header, and what a preflight asks for.
  std::string origin;
  std::string authorization;  // names the region a request addresses, even unverified
  std::string cors_request_method;
  std::string cors_request_headers;
  std::string body;
  // Every header field as received, kept only when requests' signatures are verified
  // (keep_fields): SigV4 signs whichever headers the client chose. The first field_count
  // entries are this request's; the rest keep their strings' capacity for the next.
  bool keep_fields = false;
  std::vector<std::pair<std::string, std::string>> fields;
  std::size_t field_count = 0;

  std::span<const std::pair<std::string, std::string>> used_fields() const {
    return {fields.data(), field_count};
  }

  void clear() {
    method = boost::beast::http::verb::unknown;
    target.clear();
    amz_target.clear();
    host.clear();
    content_encoding.clear();
    accept_encoding.clear();
    origin.clear();
    authorization.clear();
    cors_request_method.clear();
    cors_request_headers.clear();
    body.clear();
    field_count = 0;
  }
};

class RequestParser : public boost::beast::http::basic_parser<true> {
 public:
  // head is cleared and receives the request. A head (request line and fields) longer
  // than head_limit bytes is refused with error::header_limit. The body's memory is
  // reserved on budget as it is announced or arrives; when the budget cannot hold it, the
  // parse stops and budget_exhausted() says so.
  RequestParser(RequestHead& head, std::size_t head_limit, RequestBudget::Reservation& budget)
      : head_(head), head_left_(head_limit), budget_(budget) {
    head_.clear();
    // Beast's own limit (8 KB by default) must not refuse first; count_head decides.
    header_limit(static_cast<std::uint32_t>(head_limit));
  }

  bool budget_exhausted() const { return budget_exhausted_; }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb method, string_view method_string,
                       string_view target, int, error_code& ec) override {
    head_.method = method;
    head_.target.assign(target.data(), target.size());
    count_head(method_string.size() + 1 + target.size() + sizeof(" HTTP/1.1\r\n") - 1, ec);
  }
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(boost::beast::http::field name, string_view name_string, string_view value,
                     error_code&) override;
  // The blank line: the head is complete, and its framing is checked.
  void on_header_impl(error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override;
  std::size_t on_body_impl(string_view data, error_code& ec) override { return append(data, ec); }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view data, error_code& ec) override {
    return append(data, ec);
  }
  void on_finish_impl(error_code&) override {}
  // Appends body bytes, first growing the buffer (and its reservation) when they do not fit.
  std::size_t append(string_view data, error_code& ec);
  // Makes room for capacity bytes of body in the buffer, reserved on the budget first.
  bool reserve_body(std::size_t capacity, error_code& ec);
  // Beast's own header_limit applies to what one read brought, so a head that arrived in
  // two large reads could pass it at nearly twice the limit: the head is counted here.
  void count_head(std::size_t bytes, error_code& ec);

  // RFC 9112's rules against request smuggling: how the body is framed must be beyond
  // doubt, or the request is refused and the connection closed, so that bytes a client
  // meant as body never run as a request of their own.
  void check_framing(error_code& ec) const;

  RequestHead& head_;
  std::size_t head_left_;
  RequestBudget::Reservation& budget_;
  bool budget_exhausted_ = false;
  // What the framing check needs of the head; the same target twice is refused too, since
  // the two may name different operations.
  int content_length_fields_ = 0;
  int amz_target_fields_ = 0;
  std::string transfer_encoding_;  // every Transfer-Encoding header, joined with ','
};

}  // namespace cairn::net
