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
boost::beast::error_code parse(const std::string& data, size_t limit, size_t piece,
                               RequestBudget* budget = nullptr, bool* exhausted = nullptr) {
  RequestBudget plenty(size_t{1} << 30);
  RequestBudget::Reservation reservation(budget ? *budget : plenty);
  RequestHead head;
  RequestParser parser(head, limit, reservation);
  struct Report {
    RequestParser& parser;
    bool* exhausted;
    ~Report() {
      if (exhausted) *exhausted = parser.budget_exhausted();
    }
  } report{parser, exhausted};
  parser.eager(true);  // the body too, as async_read parses it
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

std::string post(const std::string& fields, const std::string& body = "") {
  return "POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n" + fields +
         "\r\n" + body;
}

TEST(RequestParser, FramingInDoubtIsRefused) {
  for (const char* coding : {"xchunked", "identity", "gzip", "chunked, identity", "chunked,gzip"}) {
    EXPECT_TRUE(parse(post(std::string("Transfer-Encoding: ") + coding + "\r\n"), 16384, 4096))
        << coding;
  }
  EXPECT_TRUE(
      parse(post("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n"), 16384, 4096));
  EXPECT_TRUE(parse(post("Content-Length: 2\r\nContent-Length: 2\r\n", "{}"), 16384, 4096));
  EXPECT_TRUE(
      parse(post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"), 16384, 4096));
  EXPECT_TRUE(
      parse(post("X-Amz-Target: DynamoDB_20120810.DeleteTable\r\nContent-Length: 2\r\n", "{}"),
            16384, 4096));
}

TEST(RequestParser, ClearFramingIsTaken) {
  EXPECT_FALSE(parse(post("Content-Length: 2\r\n", "{}"), 16384, 4096));
  EXPECT_FALSE(parse(post("Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n"), 16384, 4096));
  EXPECT_FALSE(
      parse(post("Transfer-Encoding: gzip, Chunked \r\n", "2\r\n{}\r\n0\r\n\r\n"), 16384, 4096));
}

TEST(RequestParser, ABodyPastTheBudgetIsRefusedAndNothingStaysReserved) {
  RequestBudget budget(1000);
  bool exhausted = false;
  EXPECT_TRUE(parse(post("Content-Length: 2000\r\n", std::string(2000, ' ')), 16384, 4096, &budget,
                    &exhausted));
  EXPECT_TRUE(exhausted);
  EXPECT_EQ(budget.in_use(), 0u);
  // A chunked body is reserved as it grows.
  std::string chunks;
  for (int i = 0; i < 20; ++i) chunks += "64\r\n" + std::string(100, ' ') + "\r\n";
  EXPECT_TRUE(parse(post("Transfer-Encoding: chunked\r\n", chunks + "0\r\n\r\n"), 16384, 4096,
                    &budget, &exhausted));
  EXPECT_TRUE(exhausted);
  EXPECT_EQ(budget.in_use(), 0u);
}

TEST(RequestParser, ABodyWithinTheBudgetIsReservedUntilReleased) {
  RequestBudget budget(size_t{1} << 20);
  {
    RequestBudget::Reservation reservation(budget);
    RequestHead head;
    RequestParser parser(head, 16384, reservation);
    parser.eager(true);
    boost::beast::error_code ec;
    const std::string data = post("Content-Length: 2000\r\n", std::string(2000, ' '));
    parser.put(boost::asio::buffer(data), ec);
    EXPECT_FALSE(ec);
    EXPECT_GE(budget.in_use(), 2000u);
    reservation.release();
    EXPECT_EQ(budget.in_use(), 0u);
  }
  EXPECT_EQ(budget.in_use(), 0u);
}

}  // namespace
}  // namespace cairn::net
