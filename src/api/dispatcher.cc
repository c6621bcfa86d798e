#include "api/dispatcher.h"

#include <simdjson.h>

#include <iostream>

#include "api/access_checks.h"
#include "api/deserialization_order.h"
#include "api/error_response.h"
#include "api/handler.h"
#include "api/unserved_operations.h"
#include "auth/authenticator.h"
#include "auth/authorizer.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";
// The DynamoDB Streams API is served on the same endpoint, as DynamoDB Local does.
constexpr std::string_view kStreamsTargetPrefix = "DynamoDBStreams_20120810.";
// Cairn's admin API (api/admin_ops.cc), also on the same endpoint.
constexpr std::string_view kAdminTargetPrefix = "CairnAdmin_20261201.";

static_assert(kBodyPadding == simdjson::SIMDJSON_PADDING,
              "the HTTP layer pads bodies by what simdjson reads past their end");

// Refuses (AccessDeniedException) unless the principal may perform every action the
// request asks for (api/access_checks.h).
void authorize(const auth::Authorizer& authorizer, engine::Engine& engine,
               std::string_view operation, Api api, const JsonObject& request,
               const auth::Principal& principal, const SignedParts* signed_parts) {
  auth::RequestOrigin origin;
  if (signed_parts) {
    origin.source_ip = signed_parts->source_ip;
    origin.secure_transport = signed_parts->secure_transport;
  }
  const auth::Subject subject = authorizer.subject(principal, origin);
  // The root user is refused only by a resource policy's deny: without any, nothing to ask.
  if (subject.root && !authorizer.store().has_resource_policies()) return;
  const AccessScope scope{engine.catalog(),
                          principal.account_id,
                          principal.region,
                          engine.token_secret(),
                          authorizer.needs_context(subject),
                          principal.user_name};
  for (AccessCheck& check : access_checks(operation, api, RequestReader(request), scope)) {
    auth::AccessRequest question{
        {}, {}, std::move(check.action), std::move(check.resource), std::move(check.context)};
    authorizer.require(subject, question, check.policy_arn);
  }
}

}  // namespace

Dispatcher::Dispatcher(engine::Engine& engine, const auth::Authenticator* authenticator,
                       auth::Authorizer* authorizer, auth::CredentialStore* keys, DataServices data)
    : engine_(engine),
      authenticator_(authenticator),
      authorizer_(authorizer),
      keys_(keys),
      data_(data) {
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
  register_export_ops(handlers_);
  register_import_ops(handlers_);
  register_resource_policy_ops(handlers_);
  register_stream_ops(stream_handlers_);
  if (keys_ && authorizer_) register_admin_ops(admin_handlers_);
}

bool Dispatcher::runs_long(std::string_view target) const {
  // A database snapshot's taking or putting back waits for every request in flight.
  if (target == "CairnAdmin_20261201.BackupServer" ||
      target == "CairnAdmin_20261201.CreateDatabaseSnapshot" ||
      target == "CairnAdmin_20261201.ResetDatabase" ||
      target == "CairnAdmin_20261201.DeleteDatabaseSnapshot") {
    return true;
  }
  constexpr std::string_view kPrefix = "DynamoDB_20120810.";
  if (target.substr(0, kPrefix.size()) != kPrefix) return false;
  const std::string_view operation = target.substr(kPrefix.size());
  return operation == "RestoreTableFromBackup" || operation == "RestoreTableToPointInTime" ||
         operation == "CreateBackup" || operation == "UpdateContinuousBackups" ||
         operation == "DeleteTable";
}

bool Dispatcher::verifies_signatures() const {
  return authenticator_ && authenticator_->mode() == auth::AuthMode::kSigV4;
}

auth::Principal Dispatcher::principal_of(const SignedParts* signed_parts) const {
  auth::SignedHttpRequest request;
  std::string_view authorization;
  if (signed_parts) {
    authorization = signed_parts->authorization;
    request = {signed_parts->method, signed_parts->target, signed_parts->fields,
               signed_parts->payload};
  }
  auth::Principal principal;
  if (authenticator_) principal = authenticator_->authenticate(request, authorization);
  // Without an authenticator (tests that build a Dispatcher alone), the catalog's own.
  if (principal.account_id.empty()) principal.account_id = engine_.catalog().config().account;
  if (principal.region.empty()) principal.region = engine_.catalog().config().region;
  return principal;
}

void Dispatcher::make_durable() const {
  engine_.make_durable();
}

int Dispatcher::handle(std::string_view target, std::string& body, std::string_view host,
                       OutputBuffer& out, const SignedParts* signed_parts) const {
  try {
    // Who the request acts as comes first: an unsigned request learns nothing, not even
    // whether its operation exists.
    const auth::Principal principal = principal_of(signed_parts);
    Handler handler = nullptr;
    std::string_view operation;
    Api api = Api::kDynamoDB;
    if (target.substr(0, kTargetPrefix.size()) == kTargetPrefix) {
      operation = target.substr(kTargetPrefix.size());
      handler = handlers_.find(operation);
      if (!handler && is_dynamodb_operation(operation)) {
        throw ApiError(
            ErrorType::kUnknownOperation,
            "Cairn does not serve the DynamoDB operation " + std::string(operation) + " yet");
      }
    } else if (target.substr(0, kStreamsTargetPrefix.size()) == kStreamsTargetPrefix) {
      operation = target.substr(kStreamsTargetPrefix.size());
      api = Api::kStreams;
      handler = stream_handlers_.find(operation);
    } else if (target.substr(0, kAdminTargetPrefix.size()) == kAdminTargetPrefix) {
      operation = target.substr(kAdminTargetPrefix.size());
      api = Api::kAdmin;
      handler = admin_handlers_.find(operation);
      // Nobody manages keys without being verified.
      if (handler && principal.anonymous) {
        throw ApiError(ErrorType::kAccessDenied, "The admin API needs --auth sigv4");
      }
    }
    // DynamoDB answers an operation it does not know without a message.
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
    const JsonObject request = doc.get_object().value();
    // What a verified principal asks is checked before anything is read or written.
    if (authorizer_ && !principal.anonymous) {
      authorize(*authorizer_, engine_, operation, api, request, principal, signed_parts);
    }
    RequestContext ctx{engine_,
                       host,
                       principal.account_id,
                       principal.region,
                       authorizer_ ? &authorizer_->store() : nullptr,
                       keys_,
                       &principal,
                       data_.backups,
                       data_.recovery,
                       data_.exports,
                       data_.imports,
                       data_.server_backup,
                       data_.snapshots,
                       data_.server_account};
    try {
      handler(ctx, RequestReader(request), w);
    } catch (const ApiError& e) {
      if (!found_after_deserialization(e)) throw;
      if (auto earlier = serialization_error_in(request)) throw *earlier;
      throw;
    }
    return 200;
  } catch (const ApiError& e) {
    return render_error(e, out);
  } catch (const std::exception& e) {
    // The engine has turned every failure a client may see into an ApiError; the rest
    // (a storage failure, a bug) is logged and answered without its details.
    std::cerr << "cairn: internal error in " << target << ": " << e.what() << std::endl;
    return render_error(ApiError::internal("Internal server error"), out);
  }
}

}  // namespace cairn::api
