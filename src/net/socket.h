// The TCP socket every connection is served on.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace cairn::net {

// A socket bound to its loop's concrete executor: no type-erased executor on every
// operation.
using Socket =
    boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;

}  // namespace cairn::net
