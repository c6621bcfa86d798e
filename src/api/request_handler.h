// RequestHandler: what the HTTP layer hands a request to. The Dispatcher is one; the
// server's DatabaseHost (server/database_host.h) is another, which passes each request to
// the Dispatcher of the database it holds now, so that a reset can swap that database
// between requests without the HTTP layer knowing.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "api/output_buffer.h"

namespace cairn::api {

// The largest request body DynamoDB accepts (after decompression).
constexpr size_t kMaxRequestBody = 16 * 1024 * 1024;
// Spare bytes the HTTP layer leaves after a request body when it can, so that the JSON
// parser reads the body in place instead of copying it (simdjson's padding; checked in
// dispatcher.cc).
constexpr size_t kBodyPadding = 64;

// What a request's signature covers, as the HTTP layer received it: the method, the
// request-target, every header field (name, value) and the body as sent.
struct SignedParts {
  std::string_view authorization;  // the Authorization header (kept even without verifying)
  std::string_view method;
  std::string_view target;
  std::span<const std::pair<std::string, std::string>> fields;
  std::string_view payload;
  std::string_view source_ip;     // the peer's address (aws:SourceIp)
  bool secure_transport = false;  // it came over TLS (aws:SecureTransport)
};

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;

  // Whether requests must come with their SignedParts (the HTTP layer then keeps every
  // header field).
  virtual bool verifies_signatures() const = 0;

  // target: the X-Amz-Target header; body: the (decompressed) request body, which the
  // parser may pad in place; signed_parts: what the signature covers, when
  // verifies_signatures(). Renders the response body into out (replacing what it held:
  // a connection passes the same buffer for every request, so that a response seldom
  // allocates) and returns its HTTP status.
  virtual int handle(std::string_view target, std::string& body, std::string_view host,
                     OutputBuffer& out, const SignedParts* signed_parts = nullptr) const = 0;

  // Whether the operation X-Amz-Target names may run for seconds (a restore copies a whole
  // table; a backup or DeleteTable with recovery on takes a snapshot): the HTTP layer then
  // handles it off its event loop, so that the loop's other connections are not held up.
  virtual bool runs_long(std::string_view target) const = 0;

  // Makes the writes behind the responses handled so far durable; the HTTP layer calls
  // it before sending them, once for all the responses it has ready. Throws on a storage
  // failure: those responses must then not be sent.
  virtual void make_durable() const = 0;
};

}  // namespace cairn::api
