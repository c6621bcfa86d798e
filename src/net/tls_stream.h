// TlsStream: TLS over a connection's socket, OpenSSL reading records from the connection's
// own input buffer and writing them straight to the socket. Asio's ssl::stream passes every
// record through a pair of memory BIOs (a copy more each way, and a state machine asking
// the pair what it holds), clears OpenSSL's error queue around every call, and asks OpenSSL
// to free its record buffers whenever they are empty; on kept-alive connections of small
// requests that came to about a third of what TLS added to a GetItem (decision 0028).
// It offers what Session uses of a stream: async_handshake (server side), async_read_some,
// async_write_some, next_layer, native_handle, get_executor.
#pragma once

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

#include "net/socket.h"

namespace cairn::net {

class TlsStream {
 public:
  using executor_type = Socket::executor_type;
  using next_layer_type = Socket;

  TlsStream(Socket socket, boost::asio::ssl::context& context);
  TlsStream(TlsStream&&) noexcept = default;
  TlsStream& operator=(TlsStream&&) = delete;
  ~TlsStream();

  executor_type get_executor() { return socket_.get_executor(); }
  Socket& next_layer() { return socket_; }
  SSL* native_handle() { return connection_->ssl; }

  // The server's side of the handshake; completes with (error_code).
  template <typename Token>
  auto async_handshake(Token&& token) {
    return boost::asio::async_compose<Token, void(boost::system::error_code)>(
        Op<Handshake>{this, Handshake{}}, token, socket_);
  }

  // Up to the first non-empty buffer's size of decrypted bytes; completes with
  // (error_code, bytes).
  template <typename MutableBuffers, typename Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    const boost::asio::mutable_buffer first = first_of<boost::asio::mutable_buffer>(buffers);
    return boost::asio::async_compose<Token, void(boost::system::error_code, std::size_t)>(
        Op<Read>{this, Read{first.data(), first.size()}}, token, socket_);
  }

  // Some of the first non-empty buffer, as records (one or more); completes with
  // (error_code, bytes).
  template <typename ConstBuffers, typename Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    const boost::asio::const_buffer first = first_of<boost::asio::const_buffer>(buffers);
    return boost::asio::async_compose<Token, void(boost::system::error_code, std::size_t)>(
        Op<Write>{this, Write{first.data(), first.size()}}, token, socket_);
  }

 private:
  // What OpenSSL's BIO reaches (held apart from the stream, which moves).
  struct Connection {
    SSL* ssl = nullptr;
    int fd = -1;
    std::vector<char> input;  // received bytes OpenSSL has not read yet: [begin, end)
    std::size_t begin = 0, end = 0;
    int send_errno = 0;  // why the socket refused a write, when it did
  };

  // The three OpenSSL calls; each returns OpenSSL's result and, on success, the bytes moved.
  struct Handshake {
    bool empty() const { return false; }
    int call(SSL* ssl) { return SSL_do_handshake(ssl); }
    std::size_t bytes(int) const { return 0; }
  };
  struct Read {
    void* data;
    std::size_t size;
    bool empty() const { return size == 0; }
    int call(SSL* ssl) { return SSL_read(ssl, data, clamp(size)); }
    std::size_t bytes(int n) const { return static_cast<std::size_t>(n); }
  };
  struct Write {
    const void* data;
    std::size_t size;
    bool empty() const { return size == 0; }
    int call(SSL* ssl) { return SSL_write(ssl, data, clamp(size)); }
    std::size_t bytes(int n) const { return static_cast<std::size_t>(n); }
  };
  static int clamp(std::size_t size) {
    return size > (1u << 30) ? 1 << 30 : static_cast<int>(size);
  }

  template <typename Buffer, typename Buffers>
  static Buffer first_of(const Buffers& buffers) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      const Buffer b(*it);
      if (b.size() != 0) return b;
    }
    return Buffer();
  }

  // What an OpenSSL call's result asks for next.
  enum class Next { kDone, kRead, kWaitWritable, kFail };
  Next next_after(int result, boost::system::error_code& ec);
  // Room at the end of the input buffer for the next receive.
  boost::asio::mutable_buffer input_room();
  bool nothing_to_read() const {
    return connection_->begin == connection_->end && SSL_has_pending(connection_->ssl) == 0;
  }

  // One operation: the OpenSSL call retried until it completes, receiving into the input
  // buffer when it wants to read and waiting for the socket when it wants to write. A
  // result known at once is delivered through the executor, never from the initiating call.
  template <typename Call>
  struct Op {
    Op(TlsStream* s, Call c) : stream(s), call(c) {}

    TlsStream* stream;
    Call call;
    bool suspended = false;   // it has waited once: completing directly is allowed
    bool receiving = false;   // the wake-up brings received bytes
    bool delivering = false;  // a result known at once, posted to be delivered
    boost::system::error_code result_ec;
    std::size_t result_bytes = 0;

    template <typename Self>
    void operator()(Self& self, boost::system::error_code ec = {}, std::size_t received = 0) {
      if (delivering) return complete(self, result_ec, result_bytes);
      if (receiving) {
        receiving = false;
        stream->connection_->end += received;
      }
      if (ec) return finish(self, ec, 0);
      // A closed socket's descriptor number may already be another connection's: nothing
      // reaches OpenSSL (whose writes go to that number) once the session has closed it.
      if (!stream->socket_.is_open()) return finish(self, boost::asio::error::bad_descriptor, 0);
      // Nothing to move (Asio's own streams complete such a call at once): OpenSSL leaves a
      // zero-length SSL_write undefined.
      if (call.empty()) return finish(self, {}, 0);
      // A read with nothing received that OpenSSL has not taken, and nothing decrypted and
      // unread, could only ask for more: receive first (on kept-alive connections, every
      // request's read starts so; the call would cost OpenSSL's record machinery for nothing).
      if constexpr (std::is_same_v<Call, Read>) {
        if (stream->nothing_to_read()) {
          suspended = receiving = true;
          return stream->socket_.async_read_some(stream->input_room(), std::move(self));
        }
      }
      // OpenSSL reads its error queue to explain a failure: it must start empty.
      if (ERR_peek_error() != 0) ERR_clear_error();
      const int result = call.call(stream->connection_->ssl);
      switch (stream->next_after(result, ec)) {
        case Next::kDone:
          return finish(self, {}, call.bytes(result));
        case Next::kRead:
          suspended = receiving = true;
          return stream->socket_.async_read_some(stream->input_room(), std::move(self));
        case Next::kWaitWritable:
          suspended = true;
          return stream->socket_.async_wait(Socket::wait_write, std::move(self));
        case Next::kFail:
          return finish(self, ec, 0);
      }
    }

    template <typename Self>
    void finish(Self& self, boost::system::error_code ec, std::size_t bytes) {
      if (suspended) return complete(self, ec, bytes);
      delivering = true;
      result_ec = ec;
      result_bytes = bytes;
      boost::asio::post(stream->socket_.get_executor(), std::move(self));
    }

    template <typename Self>
    void complete(Self& self, boost::system::error_code ec, std::size_t bytes) {
      if constexpr (std::is_same_v<Call, Handshake>) {
        self.complete(ec);
      } else {
        self.complete(ec, bytes);
      }
    }
  };

  static int bio_read(BIO* bio, char* out, int size);
  static int bio_write(BIO* bio, const char* data, int size);
  static long bio_ctrl(BIO* bio, int command, long number, void* pointer);
  static const BIO_METHOD* bio_method();

  Socket socket_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace cairn::net
