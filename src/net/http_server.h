// HttpServer: HTTP/1.1 with keep-alive on Boost.Beast, plain or over TLS (tls_context.h). One
// io_context per thread, each accepting from the one listening socket, so a connection lives on one
// loop for its whole life and no lock is shared between loops.
#pragma once

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/request_handler.h"
#include "net/connection_limit.h"
#include "net/cors_policy.h"
#include "net/request_budget.h"
#include "net/tls_context.h"

namespace cairn::net {

struct ServerOptions {
  std::string address = "127.0.0.1";  // loopback unless told otherwise
  uint16_t port = 8000;
  int threads = 0;  // 0: one per core the process may run on
  // Connections held open at once, over all loops (ConnectionLimit); 0: no limit but the
  // process's file descriptors.
  size_t max_connections = 0;
  // The bytes request bodies may hold at once, over all connections (RequestBudget).
  size_t request_memory_bytes = size_t{256} << 20;
  // Which web pages get CORS headers (CorsPolicy): "loopback", "*", "none" or a list.
  std::string cors_origins = "loopback";
  // HTTPS: on port, or, with tls_port, on that port next to plain HTTP on port.
  std::shared_ptr<TlsContexts> tls;
  uint16_t tls_port = 0;
};

// The cores this process may run on (taskset, cgroup cpusets), at least 1.
int usable_cores();

class HttpServer {
 public:
  HttpServer(const api::RequestHandler& dispatcher, ServerOptions options);
  ~HttpServer();

  // Binds every listener; throws std::system_error if the port cannot be bound.
  void start();
  // The ports actually bound (useful with port 0): the main one, and the one serving
  // HTTPS (the main one, the TLS port, or 0 without TLS).
  uint16_t port() const { return bound_port_; }
  uint16_t tls_port() const { return bound_tls_port_; }
  // Stops accepting, closes connections, joins the threads.
  void stop();

 private:
  struct Loop;
  const api::RequestHandler& dispatcher_;
  ServerOptions options_;
  uint16_t bound_port_ = 0;
  uint16_t bound_tls_port_ = 0;
  ConnectionLimit limit_;
  RequestBudget budget_;
  CorsPolicy cors_;
  // Large requests are handled here, off the loops (session.cc); as many threads as loops.
  std::unique_ptr<boost::asio::thread_pool> heavy_;
  std::vector<std::unique_ptr<Loop>> loops_;
  std::vector<std::thread> threads_;
};

}  // namespace cairn::net
