// libFuzzer target: the HTTP/1.1 request parser (net/request_parser.h), fed the input in
// pieces as reads would bring it, with a small body budget, so that framing, the head
// limit, chunking and the budget meet hostile bytes. Any crash, leak or undefined
// behaviour is a finding; refusals are not.
#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "net/request_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte chooses the piece size (1 to 256 bytes).
  const size_t piece = static_cast<size_t>(data[0]) + 1;
  const std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
  cairn::net::RequestBudget budget(64 * 1024);
  cairn::net::RequestBudget::Reservation reservation(budget);
  cairn::net::RequestHead head;
  cairn::net::RequestParser parser(head, 16 * 1024, reservation);
  parser.eager(true);
  parser.body_limit(1 << 20);
  std::string pending;
  for (size_t at = 0; at < input.size() && !parser.is_done();) {
    const size_t n = std::min(piece, input.size() - at);
    pending.append(input, at, n);
    at += n;
    boost::beast::error_code ec;
    const size_t used = parser.put(boost::asio::buffer(pending), ec);
    pending.erase(0, used);
    if (ec == boost::beast::http::error::need_more) continue;
    if (ec) break;
  }
  return 0;
}
