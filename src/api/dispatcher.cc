#include "api/dispatcher.h"

#include "api/attribute_json.h"

#include <iostream>

#include "model/api_error.h"
#include "storage/kv_store.h"

namespace cairn::api {
namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";
// The DynamoDB Streams API is served on the same endpoint, as DynamoDB Local does.
constexpr std::string_view kStreamsTargetPrefix = "DynamoDBStreams_20120810.";

}  // namespace

Handler& HandlerTable::operator[](std::string_view operation) {
  for (auto& [name, handler] : entries_) {
    if (name == operation) return handler;
  }
  return entries_.emplace_back(operation, nullptr).second;
}

Handler HandlerTable::find(std::string_view operation) const {
  for (const auto& [name, handler] : entries_) {
    if (name.size() == operation.size() && name == operation) return handler;
  }
  return nullptr;
}

Dispatcher::Dispatcher(engine::Engine& engine) : engine_(engine) {
  register_table_ops(handlers_);
  register_update_table_ops(handlers_);
  register_item_ops(handlers_);
  register_batch_ops(handlers_);
  register_query_scan_ops(handlers_);
  register_transact_ops(handlers_);
  register_tag_ops(handlers_);
  register_service_ops(handlers_);
  register_ttl_ops(handlers_);
  register_backup_ops(handlers_);
  register_stream_ops(stream_handlers_);
}

int Dispatcher::error_response(const ApiError& error, OutputBuffer& out) {
  out.clear();
  JsonWriter w(out);
  w.begin_object();
  w.field("__type", error.wire_type());
  // DynamoDB leaves the message out where it has none (unknown operation, bad JSON).
  if (!error.message().empty()) w.field("message", error.message());
  if (const Item* item = error.item()) {
    w.key("Item");
    write_item(w, *item);
  }
  if (!error.cancellation_reasons().empty()) {
    w.key("CancellationReasons");
    w.begin_array();
    for (const auto& reason : error.cancellation_reasons()) {
      w.begin_object();
      if (reason.item) {
        w.key("Item");
        write_item(w, *reason.item);
      }
      w.field("Code", reason.code);
      if (!reason.message.empty()) w.field("Message", reason.message);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  return error.http_status();
}

int Dispatcher::handle(std::string_view target, std::string& body, std::string_view host,
                       OutputBuffer& out) const {
  try {
    Handler handler = nullptr;
    if (target.substr(0, kTargetPrefix.size()) == kTargetPrefix) {
      handler = handlers_.find(target.substr(kTargetPrefix.size()));
    } else if (target.substr(0, kStreamsTargetPrefix.size()) == kStreamsTargetPrefix) {
      handler = stream_handlers_.find(target.substr(kStreamsTargetPrefix.size()));
    }
    if (!handler) throw ApiError(ErrorType::kUnknownOperation, "");

    // An empty body is an empty request object; anything else must be a JSON object.
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element doc;
    std::string_view text = body.empty() ? std::string_view("{}") : std::string_view(body);
    // The HTTP layer leaves SIMDJSON_PADDING spare bytes after the body when it can, so
    // the parser reads the buffer in place instead of copying it.
    const bool needs_copy =
        body.empty() || body.capacity() < body.size() + simdjson::SIMDJSON_PADDING;
    if (auto err = parser.parse(text.data(), text.size(), needs_copy).get(doc)) {
      // DynamoDB answers a body that is not JSON with a bare SerializationException.
      (void)err;
      throw ApiError::serialization("");
    }
    if (!doc.is_object())
      throw ApiError::serialization("Unexpected JSON value: expected an object");

    out.clear();
    JsonWriter w(out);
    RequestContext ctx{engine_, host};
    handler(ctx, RequestReader(doc.get_object().value()), w);
    return 200;
  } catch (const ApiError& e) {
    return error_response(e, out);
  } catch (const storage::ConflictError& e) {
    return error_response(ApiError::transaction_conflict(), out);
  } catch (const std::exception& e) {
    std::cerr << "cairn: internal error in " << target << ": " << e.what() << std::endl;
    return error_response(ApiError::internal("Internal server error"), out);
  }
}

}  // namespace cairn::api
