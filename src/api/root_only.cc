#include "api/root_only.h"

#include <string>

#include "auth/credential.h"
#include "model/api_error.h"

namespace cairn::api {

void require_root(const RequestContext& ctx, std::string_view what) {
  // Every account has a root user; only the server's own account's acts on the server.
  if (ctx.principal && ctx.principal->user_name == auth::kRootUser &&
      ctx.principal->account_id == ctx.server_account) {
    return;
  }
  throw ApiError(ErrorType::kAccessDenied,
                 "User: " + (ctx.principal ? ctx.principal->arn() : std::string("anonymous")) +
                     " is not authorized to " + std::string(what) +
                     ": only the root user of the server's account is");
}

}  // namespace cairn::api
