// The ids DynamoDB gives backups and exports, and finds them by at the end of their ARNs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cairn::backup {

// The start time in ms (14 digits), '-', 8 random hex digits: "01234567890123-a1b2c3d4".
std::string new_operation_id(int64_t start_ms);

// The id an ARN "<table ARN>/<kind>/<id>" ends with (kind: "backup", "export", "import"),
// or empty when the text is no such ARN.
std::string_view operation_id_of(std::string_view arn, std::string_view kind);

}  // namespace cairn::backup
