#include "net/session.h"

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <type_traits>

#include "api/http_refusal.h"
#include "net/content_encoding.h"
#include "net/crc32.h"
#include "net/http_server.h"
#include "net/request_parser.h"
#include "net/response_batch.h"
#include "net/response_head.h"
#include "net/tls_stream.h"

namespace cairn::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

using namespace std::string_view_literals;

constexpr auto kIdleTimeout = std::chrono::seconds(300);
// How long a TLS connection may take to send its first byte and finish its handshake (also
// how long a refused plain-HTTP client is read from before its connection closes).
constexpr auto kHandshakeTimeout = std::chrono::seconds(10);
constexpr size_t kMaxHeaderBytes = 16 * 1024;
// Beast reads as much as the connection's buffer has room for, and at least 512 bytes.
// The parser moves the body out of that buffer, so left alone it never grows past 512
// bytes and a 900-byte PutItem took two recv() calls (a 1 MB batch, two thousand): with
// room for the largest head, a typical request arrives in one.
constexpr size_t kReadBufferBytes = kMaxHeaderBytes;
// DynamoDB compresses a response (when the client accepts it) from 4 KB up; smaller ones
// go out as they are.
constexpr size_t kCompressFrom = 4096;
constexpr std::string_view kJson = "application/x-amz-json-1.0";
// Over TLS, a response body up to this size is copied after its head, to leave as one record.
constexpr size_t kCoalesceUpTo = 16 * 1024;
// The content type of a TLS record that starts a handshake: a TLS client's first byte.
constexpr unsigned char kTlsHandshakeRecord = 22;
// From this size a request body is handled off the event loop (handle_off_loop).
constexpr size_t kHandleOffLoopFrom = 256 * 1024;
// What an idle connection keeps of each of its buffers.
constexpr size_t kKeepBufferBytes = 256 * 1024;

// The TCP socket under a stream.
Socket& tcp_of(Socket& s) {
  return s;
}
Socket& tcp_of(TlsStream& s) {
  return s.next_layer();
}

// Stream: Socket (plain HTTP) or TlsStream (HTTPS); the rest is the same.
template <typename Stream>
class Session : public PendingResponse, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  using std::enable_shared_from_this<Session<Stream>>::shared_from_this;

 public:
  // tls: the context of an HTTPS connection (kept alive by the session), else null.
  Session(Socket socket, const SessionContext& context, ConnectionLimit::Slot slot,
          std::shared_ptr<asio::ssl::context> tls = nullptr)
      : tls_(std::move(tls)),
        socket_(make_stream(std::move(socket), tls_.get())),
        timer_(socket_.get_executor()),
        dispatcher_(context.dispatcher),
        batch_(context.batch),
        heavy_(context.heavy),
        cors_(context.cors),
        slot_(std::move(slot)),
        reservation_(context.budget) {
    request_.keep_fields = dispatcher_.verifies_signatures();
    // The peer's address, for policies that name it (aws:SourceIp).
    if (request_.keep_fields) {
      beast::error_code ec;
      const auto peer = tcp_of(socket_).remote_endpoint(ec);
      if (!ec) source_ip_ = peer.address().to_string();
    }
  }

  void start() {
    buffer_.reserve(kReadBufferBytes);
    if constexpr (kTls) {
      // Until its handshake is done a connection gets a short deadline: a silent client
      // would otherwise hold a connection slot for the whole idle timeout. (The timer
      // closes a session that has read nothing yet; read() starts the idle clock.)
      arm_idle_timer(kHandshakeTimeout);
      await_first_byte();
    } else {
      arm_idle_timer(kIdleTimeout);
      read();
    }
  }

 private:
  // A TLS client's first byte is a handshake record's (22); anything else is most likely
  // plain HTTP sent to this port, which gets a plain HTTP answer saying so, as DynamoDB's
  // endpoints give. The byte is only peeked at (the handshake reads it), on a non-blocking
  // socket: a wake-up with nothing to read waits again.
  void await_first_byte() {
    Socket& tcp = tcp_of(socket_);
    beast::error_code ec;
    tcp.non_blocking(true, ec);
    if (ec) return close();
    tcp.async_wait(Socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->close();
      unsigned char first = 0;
      const size_t n =
          tcp_of(self->socket_).receive(asio::buffer(&first, 1), Socket::message_peek, ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) {
        return self->await_first_byte();
      }
      if (ec || n == 0) return self->close();
      if (first != kTlsHandshakeRecord) return self->refuse_plain_http();
      self->socket_.async_handshake([self](beast::error_code ec) {
        if (ec) return self->close();
        self->read();
      });
    });
  }

  void read() {
    last_activity_ = std::chrono::steady_clock::now();
    parser_.emplace(request_, kMaxHeaderBytes, reservation_);
    parser_->body_limit(api::kMaxRequestBody);
    http::async_read(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  // One timer per connection, re-armed only when it fires: a per-request timer would cost
  // a timer-queue update (and a timerfd syscall) on every request.
  void arm_idle_timer(std::chrono::steady_clock::duration after) {
    timer_.expires_after(after);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || !tcp_of(self->socket_).is_open()) return;
      // A session that has read nothing yet (a TLS one still before its handshake) is past
      // its deadline.
      if (self->last_activity_ == std::chrono::steady_clock::time_point{}) return self->close();
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
    if (ec == http::error::body_limit) return refuse(api::HttpRefusal::kBodyTooLarge);
    if (parser_->budget_exhausted()) return refuse(api::HttpRefusal::kThrottled);
    if (ec) return refuse(api::HttpRefusal::kMalformed);

    const bool keep_alive = parser_->keep_alive();
    if (request_.method == http::verb::get) {
      if (request_.target != "/") return reply(404, "text/plain", "Page Not Found", keep_alive);
      return reply(200, "text/plain", "healthy: " + request_.host, keep_alive);
    }
    // A CORS preflight (or any OPTIONS): an empty answer; reply() adds the CORS headers.
    if (request_.method == http::verb::options) return reply(200, {}, {}, keep_alive);
    if (request_.method != http::verb::post) {
      return reply(405, "text/plain", "Method Not Allowed", keep_alive);
    }
    std::string* body = &request_.body;
    if (!request_.content_encoding.empty()) {
      const Coding coding = parse_content_encoding(request_.content_encoding);
      if (coding == Coding::kUnsupported) {
        return refuse(api::HttpRefusal::kUndecodableBody, keep_alive);
      }
      if (coding != Coding::kIdentity) {
        // The 16 MB request limit applies to the decompressed body too.
        switch (
            decode_body(coding, request_.body, decoded_, api::kMaxRequestBody, api::kBodyPadding)) {
          case DecodeStatus::kOk:
            break;
          case DecodeStatus::kCorrupt:
            return refuse(api::HttpRefusal::kUndecodableBody, keep_alive);
          case DecodeStatus::kTooLarge:
            return refuse(api::HttpRefusal::kBodyTooLarge, keep_alive);
        }
        body = &decoded_;
      }
    }
    if (body->size() >= kHandleOffLoopFrom || dispatcher_.runs_long(request_.amz_target)) {
      return handle_off_loop(*body, keep_alive);
    }
    const api::SignedParts signed_parts = signed_parts_of_request();
    const int status = dispatcher_.handle(request_.amz_target, *body, request_.host, response_body_,
                                          &signed_parts);
    send_response(status, kJson, keep_alive);
  }

  // A large request (a 10 MB PutItem of a million-element list takes most of a second to
  // parse and validate), or one that may run for seconds (a restore: Dispatcher::runs_long),
  // is handled on the server's pool for heavy requests, so that the
  // loop goes on serving its other connections meanwhile; its answer comes back to the
  // loop, and leaves with the loop's next batch (after its writes are durable). The
  // connection reads nothing more until then, so nothing else touches the request and
  // response buffers.
  void handle_off_loop(std::string& body, bool keep_alive) {
    asio::post(heavy_, [self = shared_from_this(), &body, keep_alive] {
      const api::SignedParts signed_parts = self->signed_parts_of_request();
      const int status =
          self->dispatcher_.handle(self->request_.amz_target, body, self->request_.host,
                                   self->response_body_, &signed_parts);
      asio::post(self->socket_.get_executor(),
                 [self, status, keep_alive] { self->send_response(status, kJson, keep_alive); });
    });
  }

  // What the request's signature covers: the body as sent (compressed, if it was).
  api::SignedParts signed_parts_of_request() const {
    const auto method = http::to_string(request_.method);
    api::SignedParts parts;
    parts.authorization = request_.authorization;
    parts.method = std::string_view(method.data(), method.size());
    parts.target = request_.target;
    parts.fields = request_.used_fields();
    parts.payload = request_.body;
    parts.source_ip = source_ip_;
    parts.secure_transport = kTls;
    return parts;
  }

  // Plain HTTP on a TLS port: a 400 in plain text, then the connection closes.
  void refuse_plain_http() {
    static constexpr std::string_view kBody =
        "<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>"
        "\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP "
        "request was sent to HTTPS port</center>\r\n</body>\r\n</html>\r\n";
    head_.clear();
    head_ += "HTTP/1.1 400 Bad Request\r\nServer: Server\r\nDate: "sv;
    append_date(head_);
    head_ += "\r\nContent-Type: text/html\r\nContent-Length: "sv;
    append_number(head_, kBody.size());
    head_ += "\r\nConnection: close\r\n\r\n"sv;
    head_ += kBody;
    asio::async_write(tcp_of(socket_), asio::buffer(head_),
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return self->close();
                        // The request is still unread: closing now would reset the
                        // connection, and the client might lose the answer. Its side is read
                        // and dropped until it closes (or the deadline closes it).
                        beast::error_code ignored;
                        tcp_of(self->socket_).shutdown(Socket::shutdown_send, ignored);
                        self->drain();
                      });
  }

  void drain() {
    tcp_of(socket_).async_read_some(asio::buffer(drain_buffer_),
                                    [self = shared_from_this()](beast::error_code ec, size_t) {
                                      if (ec) return self->close();
                                      self->drain();
                                    });
  }

  void refuse(api::HttpRefusal refusal, bool keep_alive = false) {
    const int status = api::render_refusal(refusal, response_body_);
    send_response(status, kJson, keep_alive);
  }

  void reply(int status, std::string_view content_type, std::string_view body, bool keep_alive) {
    response_body_.clear();
    response_body_.append(body);
    send_response(status, content_type, keep_alive);
  }

  // Writes the response head by hand and queues it, with response_body_, on the loop's
  // batch, which sends it in one gather write once the writes behind it are durable.
  // An empty content_type omits the header (a body-less answer).
  void send_response(int status, std::string_view content_type, bool keep_alive) {
    std::string_view payload = response_body_.view();
    Coding coding = Coding::kIdentity;
    if (response_body_.size() >= kCompressFrom && !request_.accept_encoding.empty()) {
      coding = choose_response_coding(request_.accept_encoding);
      if (coding != Coding::kIdentity) {
        encode_body(coding, payload, compressed_);
        payload = compressed_;
      }
    }

    head_.clear();
    head_ += "HTTP/1.1 "sv;
    append_number(head_, status);
    head_.push_back(' ');
    auto reason = http::obsolete_reason(static_cast<http::status>(status));
    head_.append(reason.data(), reason.size());
    head_ += "\r\nServer: Server\r\nDate: "sv;
    append_date(head_);
    if (!content_type.empty()) {
      head_ += "\r\nContent-Type: "sv;
      head_ += content_type;
    }
    // Always a Content-Length, never chunked: the body is complete before the head goes
    // out (x-amz-crc32, a header, covers all of it), and DynamoDB answers the same way.
    head_ += "\r\nContent-Length: "sv;
    append_number(head_, payload.size());
    if (coding == Coding::kGzip) head_ += "\r\nContent-Encoding: gzip"sv;
    if (coding == Coding::kDeflate) head_ += "\r\nContent-Encoding: deflate"sv;
    head_ += "\r\nx-amzn-RequestId: "sv;
    append_request_id(head_);
    // Over the bytes on the wire, compressed or not: that is what the AWS SDKs check it
    // against (botocore reads the body without decoding it).
    head_ += "\r\nx-amz-crc32: "sv;
    append_number(head_, crc32_of(payload));
    if (!request_.origin.empty() && cors_.allows(request_.origin)) append_cors_headers();
    head_ += keep_alive ? "\r\n\r\n"sv : "\r\nConnection: close\r\n\r\n"sv;
    payload_ = payload;
    keep_alive_ = keep_alive;
    batch_.add(shared_from_this());
  }

  void send() override {
    // Over TLS every buffer of a gather write becomes a record of its own (and a send of
    // its own): a small answer goes out as one, its body copied after its head.
    if constexpr (kTls) {
      if (payload_.size() <= kCoalesceUpTo) {
        head_.append(payload_.data(), payload_.size());
        payload_ = {};
      }
    }
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_),
                                              asio::buffer(payload_.data(), payload_.size())};
    asio::async_write(
        socket_, buffers,
        [self = shared_from_this(), keep_alive = keep_alive_](beast::error_code ec, size_t) {
          if (ec || !keep_alive) return self->close();
          self->release_large_buffers();
          self->read();
        });
  }

  void abandon() override { close(); }

  // DynamoDB's CORS answer to a request with an Origin header the policy grants: the
  // origin (every one: "*") may call, and may read these response headers. A preflight
  // (OPTIONS) is also told how long to cache the answer, and is granted the method and
  // headers it asks for.
  void append_cors_headers() {
    if (cors_.grants_any()) {
      head_ += "\r\nAccess-Control-Allow-Origin: *"sv;
    } else {
      head_ += "\r\nAccess-Control-Allow-Origin: "sv;
      append_header_value(head_, request_.origin);
      head_ += "\r\nVary: Origin"sv;
    }
    head_ +=
        "\r\nAccess-Control-Expose-Headers: "
        "x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date";
    if (request_.method != http::verb::options) return;
    head_ += "\r\nAccess-Control-Max-Age: 172800"sv;
    if (!request_.cors_request_method.empty()) {
      head_ += "\r\nAccess-Control-Allow-Methods: "sv;
      append_header_value(head_, request_.cors_request_method);
    }
    if (!request_.cors_request_headers.empty()) {
      head_ += "\r\nAccess-Control-Allow-Headers: "sv;
      append_header_value(head_, request_.cors_request_headers);
    }
  }

  // A connection keeps its buffers between requests, but not the megabytes of an
  // occasional large request or answer (a big PutItem, a full Query page, a BatchGetItem):
  // an idle connection holds at most kKeep of each. What the request reserved on the budget
  // goes back.
  void release_large_buffers() {
    if (response_body_.capacity() > kKeepBufferBytes) response_body_.release();
    if (compressed_.capacity() > kKeepBufferBytes) std::string().swap(compressed_);
    release_request_memory();
  }
  void release_request_memory() {
    if (request_.body.capacity() > kKeepBufferBytes) std::string().swap(request_.body);
    if (decoded_.capacity() > kKeepBufferBytes) std::string().swap(decoded_);
    reservation_.release();
  }

  void close() {
    beast::error_code ec;
    timer_.cancel();
    release_request_memory();  // the response buffers may still be on their way out
    Socket& tcp = tcp_of(socket_);
    if (!tcp.is_open()) return;
    tcp.shutdown(Socket::shutdown_send, ec);
    tcp.close(ec);
  }

  static Stream make_stream(Socket socket, asio::ssl::context* tls) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *tls);
    } else {
      return socket;
    }
  }

  std::shared_ptr<asio::ssl::context> tls_;  // before socket_: the stream uses it
  Stream socket_;
  asio::steady_timer timer_;
  const api::RequestHandler& dispatcher_;
  ResponseBatch& batch_;
  boost::asio::thread_pool& heavy_;
  const CorsPolicy& cors_;
  ConnectionLimit::Slot slot_;              // given back when the session is destroyed
  RequestBudget::Reservation reservation_;  // the current request body's share of the budget
  beast::flat_buffer buffer_;
  RequestHead request_;  // reused for every request of the connection
  std::optional<RequestParser> parser_;
  std::string head_;
  api::OutputBuffer response_body_;      // reused: a response seldom needs to grow it
  std::string source_ip_;                // the peer's address, when requests are verified
  std::array<char, 4096> drain_buffer_;  // what a refused plain-HTTP client still sends
  std::string decoded_;                  // a compressed request's body, inflated
  std::string compressed_;               // the response body as sent, when compressed
  std::string_view payload_;  // the body waiting in the batch: response_body_ or compressed_
  bool keep_alive_ = true;    // whether the waiting response leaves the connection open
  std::chrono::steady_clock::time_point last_activity_{};  // {}: nothing read yet
};

}  // namespace

void start_session(Socket socket, const SessionContext& context, ConnectionLimit::Slot slot,
                   std::shared_ptr<asio::ssl::context> tls) {
  boost::system::error_code ec;
  socket.set_option(asio::ip::tcp::no_delay(true), ec);
  if (tls) {
    std::make_shared<Session<TlsStream>>(std::move(socket), context, std::move(slot),
                                         std::move(tls))
        ->start();
  } else {
    std::make_shared<Session<Socket>>(std::move(socket), context, std::move(slot))->start();
  }
}

}  // namespace cairn::net
