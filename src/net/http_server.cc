#include "net/http_server.h"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cerrno>
#include <chrono>
#include <iostream>
#include <stdexcept>
#include <string>
#include <system_error>

#include "net/session.h"
#include "net/tls_context.h"

namespace cairn::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Two event loops on one allowed core only take turns on it, paying a context switch each
// time, so the default counts the cores of the affinity mask, not the machine's.
int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

namespace {

// How long a loop waits before accepting again when every connection slot is taken, or
// when the process (or the system) is out of file descriptors: without a pause, accept()
// fails at once, and the loop spins at 100 % CPU while the queued clients time out.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(50);

bool out_of_descriptors(const boost::system::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
         ec == asio::error::no_memory || ec.value() == ENFILE;
}

}  // namespace

struct HttpServer::Loop {
  // One listening socket of the loop: the main port's, or the TLS port's.
  struct Listener {
    Loop& loop;
    bool tls;
    asio::basic_socket_acceptor<tcp, asio::io_context::executor_type> acceptor;
    asio::basic_waitable_timer<std::chrono::steady_clock,
                               asio::wait_traits<std::chrono::steady_clock>,
                               asio::io_context::executor_type>
        backoff;
    bool warned = false;  // about running out of descriptors, once per episode

    Listener(Loop& l, bool is_tls)
        : loop(l), tls(is_tls), acceptor(l.io.get_executor()), backoff(l.io.get_executor()) {}

    void accept() {
      auto slot = loop.limit.try_take();
      if (!slot) return accept_later();
      acceptor.async_accept(
          [this, slot = std::move(*slot)](boost::system::error_code ec, Socket socket) mutable {
            if (ec == asio::error::operation_aborted) return;
            if (out_of_descriptors(ec)) {
              if (!warned) {
                std::cerr << "cairn: out of file descriptors (" << ec.message() << ", "
                          << loop.limit.open() << " connections open): accepting again in "
                          << kAcceptBackoff.count() << " ms" << std::endl;
                warned = true;
              }
              return accept_later();
            }
            if (!ec) {
              warned = false;
              start_session(std::move(socket), loop.sessions, std::move(slot),
                            tls ? loop.tls->current() : nullptr);
            }
            accept();
          });
    }

    void accept_later() {
      backoff.expires_after(kAcceptBackoff);
      backoff.async_wait([this](boost::system::error_code ec) {
        if (!ec) accept();
      });
    }
  };

  asio::io_context io{1};
  const api::RequestHandler& dispatcher;
  ConnectionLimit& limit;
  const TlsContexts* tls;
  ResponseBatch batch{io.get_executor(), [this] { dispatcher.make_durable(); }};
  const SessionContext sessions;
  std::vector<std::unique_ptr<Listener>> listeners;

  Loop(const api::RequestHandler& d, ConnectionLimit& l, RequestBudget& budget,
       const CorsPolicy& cors, asio::thread_pool& heavy, const TlsContexts* t)
      : dispatcher(d), limit(l), tls(t), sessions{d, batch, heavy, budget, cors} {}
};

HttpServer::HttpServer(const api::RequestHandler& dispatcher, ServerOptions options)
    : dispatcher_(dispatcher),
      options_(std::move(options)),
      limit_(options_.max_connections),
      budget_(options_.request_memory_bytes),
      cors_(options_.cors_origins) {
  if (options_.threads <= 0) options_.threads = usable_cores();
  heavy_ = std::make_unique<asio::thread_pool>(static_cast<size_t>(options_.threads));
}

HttpServer::~HttpServer() {
  stop();
}

namespace {

// Opens, binds and listens; throws with the address in the message.
void listen_on(asio::basic_socket_acceptor<tcp, asio::io_context::executor_type>& listener,
               const tcp::endpoint& endpoint, const std::string& address, uint16_t port) {
  boost::system::error_code ec;
  listener.open(endpoint.protocol(), ec);
  if (!ec) listener.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) listener.bind(endpoint, ec);
  if (!ec) listener.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    const std::string where = address + ":" + std::to_string(port);
    if (ec == asio::error::address_in_use) {
      throw std::runtime_error("cannot listen on " + where +
                               ": address in use (another process is listening there)");
    }
    throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  }
}

}  // namespace

void HttpServer::start() {
  // The main port serves HTTPS when TLS is on and no separate TLS port is asked for;
  // otherwise plain HTTP, with HTTPS on the TLS port next to it.
  struct Port {
    uint16_t number;
    bool tls;
  };
  std::vector<Port> ports = {{options_.port, options_.tls && options_.tls_port == 0}};
  if (options_.tls && options_.tls_port != 0) ports.push_back({options_.tls_port, true});
  const auto address = asio::ip::make_address(options_.address);
  // One listening socket per port, without SO_REUSEPORT: a second process asking for the
  // port is refused by the kernel instead of silently sharing it (decision 0004). The
  // first loop listens on it; every other loop accepts from a descriptor of its own (dup),
  // registered with its own io_context.
  for (int i = 0; i < options_.threads; ++i) {
    loops_.push_back(
        std::make_unique<Loop>(dispatcher_, limit_, budget_, cors_, *heavy_, options_.tls.get()));
    for (const Port& port : ports) {
      loops_.back()->listeners.push_back(
          std::make_unique<Loop::Listener>(*loops_.back(), port.tls));
    }
  }
  for (size_t p = 0; p < ports.size(); ++p) {
    const tcp::endpoint endpoint(address, ports[p].number);
    auto& listener = loops_.front()->listeners[p]->acceptor;
    listen_on(listener, endpoint, options_.address, ports[p].number);
    const uint16_t bound = listener.local_endpoint().port();
    (p == 0 ? bound_port_ : bound_tls_port_) = bound;
    for (auto& loop : loops_) {
      if (loop == loops_.front()) continue;
      const int fd = ::dup(listener.native_handle());
      if (fd < 0) throw std::system_error(errno, std::generic_category(), "dup");
      loop->listeners[p]->acceptor.assign(endpoint.protocol(), fd);
    }
  }
  if (ports.size() == 1 && ports[0].tls) bound_tls_port_ = bound_port_;
  for (auto& loop : loops_) {
    for (auto& listener : loop->listeners) listener->accept();
  }
  for (auto& loop : loops_) {
    threads_.emplace_back([l = loop.get()] { l->io.run(); });
  }
}

void HttpServer::stop() {
  // The heavy requests under way finish first: their answers are posted to the loops.
  if (heavy_) heavy_->join();
  for (auto& loop : loops_) loop->io.stop();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  loops_.clear();
}

}  // namespace cairn::net
