// Session: one HTTP connection. Reads requests one after another (keep-alive), hands
// each to the dispatcher and writes the answer with DynamoDB's response headers.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "api/dispatcher.h"

namespace cairn::net {

// Starts serving the connection; the session keeps itself alive until it closes.
void start_session(boost::asio::ip::tcp::socket socket, const api::Dispatcher& dispatcher);

}  // namespace cairn::net
