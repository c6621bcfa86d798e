#include "net/session.h"

#include <zlib.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <random>

#include "model/api_error.h"
#include "net/http_server.h"

namespace cairn::net {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

constexpr auto kIdleTimeout = std::chrono::seconds(300);
constexpr size_t kMaxHeaderBytes = 16 * 1024;

// DynamoDB's request ids are 52 upper-case letters and digits.
std::string request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string id(52, ' ');
  for (auto& c : id) c = kChars[rng() % 36];
  return id;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const api::Dispatcher& dispatcher)
      : stream_(std::move(socket)), dispatcher_(dispatcher) {}

  void read() {
    parser_.emplace();
    parser_->body_limit(kMaxRequestBody);
    parser_->header_limit(kMaxHeaderBytes);
    stream_.expires_after(kIdleTimeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

 private:
  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == boost::asio::error::connection_reset || ec == boost::asio::error::eof) {
      return close();
    }
    if (ec == http::error::body_limit) {
      return reply_error(413, ApiError::validation("Request size exceeds 16777216 bytes"), false);
    }
    if (ec) {
      return reply_error(400, ApiError::serialization("Malformed HTTP request"), false);
    }
    auto& req = parser_->get();
    const bool keep_alive = req.keep_alive();
    if (req.method() == http::verb::get) {
      if (req.target() != "/") {
        return reply(404, "text/plain", "Page Not Found", keep_alive);
      }
      std::string host(req[http::field::host]);
      return reply(200, "text/plain", "healthy: " + host, keep_alive);
    }
    if (req.method() != http::verb::post) {
      return reply(405, "text/plain", "Method Not Allowed", keep_alive);
    }
    auto response = dispatcher_.handle(req["X-Amz-Target"], req.body(), req[http::field::host]);
    reply(response.status, "application/x-amz-json-1.0", std::move(response.body), keep_alive);
  }

  void reply_error(int status, const ApiError& error, bool keep_alive) {
    auto r = api::Dispatcher::error_response(error);
    reply(status, "application/x-amz-json-1.0", std::move(r.body), keep_alive);
  }

  void reply(int status, std::string_view content_type, std::string body, bool keep_alive) {
    response_.emplace();
    auto& res = *response_;
    res.result(static_cast<unsigned>(status));
    res.version(11);
    res.set(http::field::content_type, content_type);
    res.set("x-amzn-RequestId", request_id());
    const auto crc =
        crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
    res.set("x-amz-crc32", std::to_string(crc));
    res.body() = std::move(body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    http::async_write(stream_, res,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                        if (ec || !keep_alive) return self->close();
                        self->read();
                      });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  const api::Dispatcher& dispatcher_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
};

}  // namespace

void start_session(tcp::socket socket, const api::Dispatcher& dispatcher) {
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  std::make_shared<Session>(std::move(socket), dispatcher)->read();
}

}  // namespace cairn::net
