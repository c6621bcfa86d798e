// Session: one HTTP connection. Reads requests one after another (keep-alive), hands
// each to the dispatcher and writes the answer with DynamoDB's response headers.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "api/request_handler.h"
#include "net/connection_limit.h"
#include "net/cors_policy.h"
#include "net/request_budget.h"
#include "net/response_batch.h"
#include "net/socket.h"

namespace cairn::net {

// What the sessions of one event loop share; it must outlive them.
struct SessionContext {
  const api::RequestHandler& dispatcher;
  ResponseBatch& batch;             // the loop's: responses go out through it
  boost::asio::thread_pool& heavy;  // the server's: large requests are handled there
  RequestBudget& budget;            // the server's: request bodies are reserved on it
  const CorsPolicy& cors;           // the server's: which web pages get CORS headers
};

// Starts serving the connection; the session keeps itself alive until it closes, and
// holds slot until then. With tls, the connection is HTTPS under that context (which the
// session keeps: a reload gives later connections another).
void start_session(Socket socket, const SessionContext& context, ConnectionLimit::Slot slot,
                   std::shared_ptr<boost::asio::ssl::context> tls = nullptr);

}  // namespace cairn::net
