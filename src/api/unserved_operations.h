// DynamoDB's operations that Cairn does not serve yet (PartiQL, backups, exports and
// imports, global tables, ...). A request for one is refused as DynamoDB refuses an
// operation it does not know (UnknownOperationException), but with a message naming it, so
// that a user can tell a gap in Cairn from a typo in the request.
#pragma once

#include <string_view>

namespace cairn::api {

// Whether operation (without its target prefix) is one of DynamoDB's.
bool is_dynamodb_operation(std::string_view operation);

}  // namespace cairn::api
