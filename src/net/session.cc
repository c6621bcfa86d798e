#include "net/session.h"

#include <zlib.h>

#include <array>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "model/api_error.h"
#include "net/http_server.h"
#include "net/request_parser.h"

namespace cairn::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

constexpr auto kIdleTimeout = std::chrono::seconds(300);
constexpr size_t kMaxHeaderBytes = 16 * 1024;

// DynamoDB's request ids are 52 upper-case letters and digits. Uniqueness, not secrecy,
// is what matters, so a per-thread xorshift generator is enough.
void append_request_id(std::string& out) {
  thread_local uint64_t state =
      reinterpret_cast<uintptr_t>(&state) ^
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  for (int i = 0; i < 52; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    out.push_back(kChars[(state >> 32) % 36]);
  }
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Socket socket, const api::Dispatcher& dispatcher)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), dispatcher_(dispatcher) {}

  void start() {
    arm_idle_timer(kIdleTimeout);
    read();
  }

 private:
  void read() {
    last_activity_ = std::chrono::steady_clock::now();
    parser_.emplace(request_);
    parser_->body_limit(kMaxRequestBody);
    parser_->header_limit(kMaxHeaderBytes);
    http::async_read(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  // One timer per connection, re-armed only when it fires: a per-request timer would cost
  // a timer-queue update (and a timerfd syscall) on every request.
  void arm_idle_timer(std::chrono::steady_clock::duration after) {
    timer_.expires_after(after);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || !self->socket_.is_open()) return;
      auto idle = std::chrono::steady_clock::now() - self->last_activity_;
      if (idle >= kIdleTimeout) return self->close();
      self->arm_idle_timer(kIdleTimeout - idle);
    });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
      return close();
    }
    if (ec == http::error::body_limit) {
      return reply_error(413, ApiError::validation("Request size exceeds 16777216 bytes"));
    }
    if (ec) return reply_error(400, ApiError::serialization("Malformed HTTP request"));

    const bool keep_alive = parser_->keep_alive();
    if (request_.method == http::verb::get) {
      if (request_.target != "/") return reply(404, "text/plain", "Page Not Found", keep_alive);
      return reply(200, "text/plain", "healthy: " + request_.host, keep_alive);
    }
    if (request_.method != http::verb::post) {
      return reply(405, "text/plain", "Method Not Allowed", keep_alive);
    }
    auto response = dispatcher_.handle(request_.amz_target, request_.body, request_.host);
    reply(response.status, "application/x-amz-json-1.0", std::move(response.body), keep_alive);
  }

  void reply_error(int status, const ApiError& error) {
    auto r = api::Dispatcher::error_response(error);
    reply(status, "application/x-amz-json-1.0", std::move(r.body), false);
  }

  void reply(int status, std::string_view content_type, std::string body, bool keep_alive) {
    response_body_ = std::move(body);
    head_.clear();
    head_ += "HTTP/1.1 ";
    head_ += std::to_string(status);
    head_.push_back(' ');
    auto reason = http::obsolete_reason(static_cast<http::status>(status));
    head_.append(reason.data(), reason.size());
    head_ += "\r\nContent-Type: ";
    head_ += content_type;
    head_ += "\r\nContent-Length: ";
    head_ += std::to_string(response_body_.size());
    head_ += "\r\nx-amzn-RequestId: ";
    append_request_id(head_);
    head_ += "\r\nx-amz-crc32: ";
    head_ += std::to_string(crc32(0L, reinterpret_cast<const Bytef*>(response_body_.data()),
                                  static_cast<uInt>(response_body_.size())));
    head_ += keep_alive ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n";
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(response_body_)};
    asio::async_write(socket_, buffers,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                        if (ec || !keep_alive) return self->close();
                        self->read();
                      });
  }

  void close() {
    beast::error_code ec;
    timer_.cancel();
    if (!socket_.is_open()) return;
    socket_.shutdown(Socket::shutdown_send, ec);
    socket_.close(ec);
  }

  Socket socket_;
  asio::steady_timer timer_;
  const api::Dispatcher& dispatcher_;
  beast::flat_buffer buffer_;
  RequestHead request_;  // reused for every request of the connection
  std::optional<RequestParser> parser_;
  std::string head_;
  std::string response_body_;
  std::chrono::steady_clock::time_point last_activity_;
};

}  // namespace

void start_session(Socket socket, const api::Dispatcher& dispatcher) {
  boost::system::error_code ec;
  socket.set_option(asio::ip::tcp::no_delay(true), ec);
  std::make_shared<Session>(std::move(socket), dispatcher)->start();
}

}  // namespace cairn::net
