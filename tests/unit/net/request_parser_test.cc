#include "net/request_parser.h"

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <string>

namespace cairn::net {
namespace {

namespace http = boost::beast::http;

// A POST whose head (request line, fields and the blank line) is exactly `size` bytes.
std::string request_with_head_of(size_t size) {
  const std::string start = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nX-Pad: ";
  const std::string end = "\r\n\r\n";
  return start + std::string(size - start.size() - end.size(), 'a') + end + "{}";
}

// Feeds `data` to a parser in pieces of at most `piece` bytes, as reads would bring it.
boost::beast::error_code parse(const std::string& data, size_t limit, size_t piece) {
  RequestHead head;
  RequestParser parser(head, limit);
  boost::beast::error_code ec;
  std::string pending;
  for (size_t at = 0; at < data.size() && !parser.is_done();) {
    const size_t n = std::min(piece, data.size() - at);
    pending.append(data, at, n);
    at += n;
    const size_t used = parser.put(boost::asio::buffer(pending), ec);
    pending.erase(0, used);
    if (ec == http::error::need_more) {
      ec = {};
      continue;
    }
    if (ec) return ec;
  }
  return ec;
}

TEST(RequestParser, AHeadUpToTheLimitIsTakenWhicheverWayItArrives) {
  const std::string request = request_with_head_of(16 * 1024);
  for (size_t piece : {size_t(512), size_t(16 * 1024), size_t(20000), request.size()}) {
    EXPECT_FALSE(parse(request, 16 * 1024, piece)) << "piece " << piece;
  }
}

TEST(RequestParser, AHeadOverTheLimitIsRefusedWhicheverWayItArrives) {
  const std::string request = request_with_head_of(16 * 1024 + 1);
  for (size_t piece : {size_t(512), size_t(16 * 1024), size_t(20000), request.size()}) {
    EXPECT_EQ(parse(request, 16 * 1024, piece), http::error::header_limit) << "piece " << piece;
  }
}

}  // namespace
}  // namespace cairn::net
