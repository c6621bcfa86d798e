// Random (version 4) UUIDs, as DynamoDB gives tables (TableId) and requests without a
// ClientToken of their own.
#pragma once

#include <string>

namespace cairn::engine {

std::string random_uuid();  // "1b4e28ba-2fa1-4d2e-883f-0016d3cca427"

}  // namespace cairn::engine
