// Dispatcher: the DynamoDB JSON protocol. Maps "X-Amz-Target: DynamoDB_20120810.<Op>"
// to a handler, parses the body once with simdjson, renders the handler's response or
// the ApiError it raised. Thread-safe: one Dispatcher serves every event loop.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/json_writer.h"
#include "api/request_reader.h"
#include "engine/engine.h"
#include "model/api_error.h"

namespace cairn::api {

// What a handler may know about the request besides its body.
struct RequestContext {
  engine::Engine& engine;
  std::string_view host;  // the Host header, e.g. "localhost:8000"
};

using Handler = void (*)(RequestContext& ctx, const RequestReader& request, JsonWriter& out);
// Operation name -> handler. A flat list: with a few dozen short names, comparing lengths
// first beats hashing the name.
class HandlerTable {
 public:
  Handler& operator[](std::string_view operation);
  Handler find(std::string_view operation) const;

 private:
  std::vector<std::pair<std::string_view, Handler>> entries_;
};

// Each operation family adds its handlers (tables, items, batch, tags, service).
void register_table_ops(HandlerTable& table);
void register_update_table_ops(HandlerTable& table);
void register_item_ops(HandlerTable& table);
void register_batch_ops(HandlerTable& table);
void register_query_scan_ops(HandlerTable& table);
void register_transact_ops(HandlerTable& table);
void register_tag_ops(HandlerTable& table);
void register_service_ops(HandlerTable& table);
void register_ttl_ops(HandlerTable& table);
void register_backup_ops(HandlerTable& table);
// The DynamoDB Streams API (target prefix DynamoDBStreams_20120810).
void register_stream_ops(HandlerTable& table);

class Dispatcher {
 public:
  explicit Dispatcher(engine::Engine& engine);

  // target: the X-Amz-Target header; body: the (decompressed) request body, which the
  // parser may pad in place. Renders the response body into out (replacing what it held:
  // a connection passes the same buffer for every request, so that a response seldom
  // allocates) and returns its HTTP status.
  int handle(std::string_view target, std::string& body, std::string_view host,
             OutputBuffer& out) const;

  // Renders error in DynamoDB's envelope into out; returns its HTTP status.
  static int error_response(const ApiError& error, OutputBuffer& out);

  // Makes the writes behind the responses handled so far durable; the HTTP layer calls
  // it before sending them, once for all the responses it has ready. Throws on a storage
  // failure: those responses must then not be sent.
  void make_durable() const { engine_.make_durable(); }

 private:
  engine::Engine& engine_;
  HandlerTable handlers_;
  HandlerTable stream_handlers_;
};

}  // namespace cairn::api
