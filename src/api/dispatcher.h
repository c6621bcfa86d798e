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
#include "api/request_handler.h"

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

class DatabaseSnapshots;

// What the server keeps besides its tables, for the operations on it (each nullptr where
// the server keeps none, e.g. in unit tests).
struct DataServices {
  backup::BackupCatalog* backups = nullptr;
  backup::ContinuousBackups* recovery = nullptr;
  backup::Exports* exports = nullptr;
  backup::Imports* imports = nullptr;
  backup::ServerBackup* server_backup = nullptr;  // the admin API's BackupServer
  DatabaseSnapshots* snapshots = nullptr;         // the admin API's database snapshots
  // The server's own account: its root user alone may act on the whole server (back it up,
  // snapshot it, reset it).
  std::string server_account = "000000000000";
};

class Dispatcher : public RequestHandler {
 public:
  // authenticator: who verifies requests (nullptr: nobody, every request is anonymous);
  // authorizer: who decides what a verified principal may do (every request of one is
  // checked against the policies before its handler runs; an anonymous one is not).
  // keys: the credential store the admin API manages (nullptr: no admin API).
  explicit Dispatcher(engine::Engine& engine, const auth::Authenticator* authenticator = nullptr,
                      auth::Authorizer* authorizer = nullptr, auth::CredentialStore* keys = nullptr,
                      DataServices data = {});

  bool verifies_signatures() const override;
  int handle(std::string_view target, std::string& body, std::string_view host, OutputBuffer& out,
             const SignedParts* signed_parts = nullptr) const override;
  bool runs_long(std::string_view target) const override;
  void make_durable() const override;

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
