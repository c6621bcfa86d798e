// Dispatcher: the DynamoDB JSON protocol, as the HTTP layer sees it. Maps
// "X-Amz-Target: DynamoDB_20120810.<Op>" to a handler, parses the body once with simdjson,
// renders the handler's response or the ApiError it raised. Thread-safe: one Dispatcher
// serves every event loop.
//
// This header is the api layer's face to net/ (with output_buffer.h and http_refusal.h):
// it names no engine, model or JSON type, so the HTTP layer cannot reach past api.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/handler_table.h"
#include "api/output_buffer.h"

namespace cairn::engine {
class Engine;
}  // namespace cairn::engine

namespace cairn::auth {
class Authenticator;
class Authorizer;
class CredentialStore;
struct Principal;
}  // namespace cairn::auth

namespace cairn::backup {
class BackupCatalog;
class ContinuousBackups;
class Exports;
class Imports;
class ServerBackup;
}  // namespace cairn::backup

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

// What the server keeps besides its tables, for the operations on it (each nullptr where
// the server keeps none, e.g. in unit tests).
struct DataServices {
  backup::BackupCatalog* backups = nullptr;
  backup::ContinuousBackups* recovery = nullptr;
  backup::Exports* exports = nullptr;
  backup::Imports* imports = nullptr;
  backup::ServerBackup* server_backup = nullptr;  // the admin API's BackupServer
};

class Dispatcher {
 public:
  // authenticator: who verifies requests (nullptr: nobody, every request is anonymous);
  // authorizer: who decides what a verified principal may do (every request of one is
  // checked against the policies before its handler runs; an anonymous one is not).
  // keys: the credential store the admin API manages (nullptr: no admin API).
  explicit Dispatcher(engine::Engine& engine, const auth::Authenticator* authenticator = nullptr,
                      auth::Authorizer* authorizer = nullptr, auth::CredentialStore* keys = nullptr,
                      DataServices data = {});

  // Whether requests must come with their SignedParts (the HTTP layer then keeps every
  // header field).
  bool verifies_signatures() const;

  // target: the X-Amz-Target header; body: the (decompressed) request body, which the
  // parser may pad in place; signed_parts: what the signature covers, when
  // verifies_signatures(). Renders the response body into out (replacing what it held:
  // a connection passes the same buffer for every request, so that a response seldom
  // allocates) and returns its HTTP status.
  int handle(std::string_view target, std::string& body, std::string_view host, OutputBuffer& out,
             const SignedParts* signed_parts = nullptr) const;

  // Whether the operation X-Amz-Target names may run for seconds (a restore copies a whole
  // table; a backup or DeleteTable with recovery on takes a snapshot): the HTTP layer then
  // handles it off its event loop, so that the loop's other connections are not held up.
  bool runs_long(std::string_view target) const;

  // Makes the writes behind the responses handled so far durable; the HTTP layer calls
  // it before sending them, once for all the responses it has ready. Throws on a storage
  // failure: those responses must then not be sent.
  void make_durable() const;

 private:
  // Who the request acts as, and in which region (ApiError when its signature fails).
  auth::Principal principal_of(const SignedParts* signed_parts) const;

  engine::Engine& engine_;
  const auth::Authenticator* authenticator_;
  auth::Authorizer* authorizer_;
  auth::CredentialStore* keys_;
  DataServices data_;
  HandlerTable handlers_;
  HandlerTable stream_handlers_;
  HandlerTable admin_handlers_;
};

}  // namespace cairn::api
