// The admin API's operations on the whole server (BackupServer, the database snapshots)
// touch every account's data: the root user's alone, of the server's own account (every
// account has a root user), whatever policies say.
#pragma once

#include <string_view>

#include "api/handler.h"

namespace cairn::api {

// Throws AccessDeniedException unless the request comes from the root user of the server's
// account (RequestContext::server_account); what: what the
// caller may not do, e.g. "back up the server".
void require_root(const RequestContext& ctx, std::string_view what);

}  // namespace cairn::api
