// Where a long operation of the server's (an export, an import) stands, in DynamoDB's words.
#pragma once

#include <string_view>

namespace cairn::backup {

enum class OperationStatus { kInProgress, kCompleted, kFailed };

// IN_PROGRESS, COMPLETED, FAILED
constexpr std::string_view operation_status_name(OperationStatus status) {
  switch (status) {
    case OperationStatus::kInProgress:
      return "IN_PROGRESS";
    case OperationStatus::kCompleted:
      return "COMPLETED";
    case OperationStatus::kFailed:
      break;
  }
  return "FAILED";
}

// The status a name names (anything unknown reads as IN_PROGRESS: cut short).
constexpr OperationStatus operation_status_of(std::string_view name) {
  if (name == "COMPLETED") return OperationStatus::kCompleted;
  if (name == "FAILED") return OperationStatus::kFailed;
  return OperationStatus::kInProgress;
}

}  // namespace cairn::backup
