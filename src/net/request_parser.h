// RequestParser: Beast's HTTP/1.1 parser, keeping only what the DynamoDB protocol needs.
// Beast's stock parser stores every header in an allocated field list; this one copies
// the few headers Cairn reads and appends the body into a caller-owned buffer that is
// reused across the requests of a connection.
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <string>

namespace cairn::net {

class RequestParser : public boost::beast::http::basic_parser<true> {
 public:
  // body is cleared and receives the request body.
  explicit RequestParser(std::string& body) : body_(body) { body_.clear(); }

  boost::beast::http::verb method() const { return method_; }
  const std::string& target() const { return target_; }
  const std::string& amz_target() const { return amz_target_; }
  const std::string& host() const { return host_; }
  const std::string& content_encoding() const { return content_encoding_; }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb method, string_view, string_view target, int,
                       error_code&) override {
    method_ = method;
    target_.assign(target.data(), target.size());
  }
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(boost::beast::http::field name, string_view name_string, string_view value,
                     error_code&) override;
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override;
  std::size_t on_body_impl(string_view data, error_code&) override {
    body_.append(data.data(), data.size());
    return data.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view data, error_code&) override {
    body_.append(data.data(), data.size());
    return data.size();
  }
  void on_finish_impl(error_code&) override {}

  std::string& body_;
  boost::beast::http::verb method_ = boost::beast::http::verb::unknown;
  std::string target_;
  std::string amz_target_;
  std::string host_;
  std::string content_encoding_;
};

}  // namespace cairn::net
