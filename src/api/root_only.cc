#include "api/root_only.h"

#include <string>

#include "auth/credential.h"
#include "model/api_error.h"

namespace cairn::api {

void require_root(const RequestContext& ctx, std::string_view what) {
  if (ctx.principal && ctx.principal->user_name == auth::kRootUser) return;
  throw ApiError(ErrorType::kAccessDenied,
                 "User: " + (ctx.principal ? ctx.principal->arn() : std::string("anonymous")) +
                     " is not authorized to " + std::string(what) + ": only the root user is");
}

}  // namespace cairn::api
