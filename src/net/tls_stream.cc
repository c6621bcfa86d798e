#include "net/tls_stream.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace cairn::net {
namespace {

// Room for the largest TLS record (16 KB of data plus its header and expansion) and more.
constexpr std::size_t kInputBytes = 32 * 1024;

}  // namespace

TlsStream::TlsStream(Socket socket, boost::asio::ssl::context& context)
    : socket_(std::move(socket)), connection_(std::make_unique<Connection>()) {
  connection_->ssl = SSL_new(context.native_handle());
  BIO* bio = connection_->ssl ? BIO_new(bio_method()) : nullptr;
  if (!bio) {
    SSL_free(connection_->ssl);
    throw std::runtime_error("OpenSSL could not make a TLS connection");
  }
  connection_->fd = socket_.native_handle();
  connection_->input.resize(kInputBytes);
  BIO_set_data(bio, connection_.get());
  BIO_set_init(bio, 1);
  SSL_set_bio(connection_->ssl, bio, bio);  // the SSL owns the BIO from here
  // A write may return after some records (the caller writes the rest), and may be retried
  // from a buffer that moved.
  SSL_set_mode(connection_->ssl,
               SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  SSL_set_accept_state(connection_->ssl);
}

TlsStream::~TlsStream() {
  if (connection_) SSL_free(connection_->ssl);
}

TlsStream::Next TlsStream::next_after(int result, boost::system::error_code& ec) {
  if (result > 0) return Next::kDone;
  switch (SSL_get_error(connection_->ssl, result)) {
    case SSL_ERROR_WANT_READ:
      return Next::kRead;
    case SSL_ERROR_WANT_WRITE:
      return Next::kWaitWritable;
    case SSL_ERROR_ZERO_RETURN:  // the peer's close_notify
      ec = boost::asio::error::eof;
      return Next::kFail;
    case SSL_ERROR_SYSCALL:
      ec =
          connection_->send_errno != 0
              ? boost::system::error_code(connection_->send_errno, boost::system::system_category())
              : boost::asio::ssl::error::stream_truncated;
      ERR_clear_error();
      return Next::kFail;
    default: {
      const unsigned long code = ERR_get_error();
      ec = code != 0 ? boost::system::error_code(static_cast<int>(code),
                                                 boost::asio::error::get_ssl_category())
                     : boost::asio::ssl::error::unspecified_system_error;
      ERR_clear_error();
      return Next::kFail;
    }
  }
}

boost::asio::mutable_buffer TlsStream::input_room() {
  Connection& c = *connection_;
  if (c.begin == c.end) {
    c.begin = c.end = 0;
  } else if (c.end == c.input.size()) {
    std::memmove(c.input.data(), c.input.data() + c.begin, c.end - c.begin);
    c.end -= c.begin;
    c.begin = 0;
  }
  return boost::asio::buffer(c.input.data() + c.end, c.input.size() - c.end);
}

int TlsStream::bio_read(BIO* bio, char* out, int size) {
  auto* c = static_cast<Connection*>(BIO_get_data(bio));
  BIO_clear_retry_flags(bio);
  const std::size_t available = c->end - c->begin;
  if (available == 0) {
    BIO_set_retry_read(bio);  // the stream receives more, then OpenSSL asks again
    return -1;
  }
  const std::size_t n = std::min(available, static_cast<std::size_t>(size));
  std::memcpy(out, c->input.data() + c->begin, n);
  c->begin += n;
  return static_cast<int>(n);
}

int TlsStream::bio_write(BIO* bio, const char* data, int size) {
  auto* c = static_cast<Connection*>(BIO_get_data(bio));
  BIO_clear_retry_flags(bio);
  const ssize_t n =
      ::send(c->fd, data, static_cast<std::size_t>(size), MSG_DONTWAIT | MSG_NOSIGNAL);
  if (n >= 0) return static_cast<int>(n);
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
    BIO_set_retry_write(bio);  // the stream waits until the socket can take more
  } else {
    c->send_errno = errno;
  }
  return -1;
}

long TlsStream::bio_ctrl(BIO*, int command, long, void*) {
  // Writes go straight to the socket: a flush has nothing left to do. Nothing else is
  // supported (OpenSSL asks, for kernel TLS for instance, and takes 0 as no).
  return command == BIO_CTRL_FLUSH ? 1 : 0;
}

const BIO_METHOD* TlsStream::bio_method() {
  static BIO_METHOD* const method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "cairn connection");
    if (!m || BIO_meth_set_read(m, bio_read) != 1 || BIO_meth_set_write(m, bio_write) != 1 ||
        BIO_meth_set_ctrl(m, bio_ctrl) != 1) {
      throw std::runtime_error("OpenSSL could not make Cairn's connection BIO");
    }
    return m;
  }();
  return method;
}

}  // namespace cairn::net
