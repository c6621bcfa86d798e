#include "net/http_server.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/socket_base.hpp>

#include "net/session.h"

#include <sched.h>

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

struct HttpServer::Loop {
  asio::io_context io{1};
  asio::basic_socket_acceptor<tcp, asio::io_context::executor_type> acceptor{io.get_executor()};
  const api::Dispatcher& dispatcher;
  ResponseBatch batch{io.get_executor(), [this] { dispatcher.make_durable(); }};

  explicit Loop(const api::Dispatcher& d) : dispatcher(d) {}

  void accept() {
    acceptor.async_accept([this](boost::system::error_code ec, Socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) start_session(std::move(socket), dispatcher, batch);
      accept();
    });
  }
};

HttpServer::HttpServer(const api::Dispatcher& dispatcher, ServerOptions options)
    : dispatcher_(dispatcher), options_(std::move(options)) {
  if (options_.threads <= 0) options_.threads = usable_cores();
}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::start() {
  const auto address = asio::ip::make_address(options_.address);
  uint16_t port = options_.port;
  for (int i = 0; i < options_.threads; ++i) {
    auto loop = std::make_unique<Loop>(dispatcher_);
    tcp::endpoint endpoint(address, port);
    loop->acceptor.open(endpoint.protocol());
    loop->acceptor.set_option(asio::socket_base::reuse_address(true));
    int one = 1;
    ::setsockopt(loop->acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    loop->acceptor.bind(endpoint);
    loop->acceptor.listen(asio::socket_base::max_listen_connections);
    // With port 0 the first listener picks a port; the others join it.
    port = loop->acceptor.local_endpoint().port();
    loop->accept();
    loops_.push_back(std::move(loop));
  }
  bound_port_ = port;
  for (auto& loop : loops_) {
    threads_.emplace_back([l = loop.get()] { l->io.run(); });
  }
}

void HttpServer::stop() {
  for (auto& loop : loops_) loop->io.stop();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  loops_.clear();
}

}  // namespace cairn::net
