// The one error catalogue. Every DynamoDB error a client can see is an ApiError: its
// wire type (the part after '#' in "__type"), the namespace DynamoDB uses for it, its HTTP
// status and a message. Code at any depth throws one; only the api layer renders it.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"

namespace cairn {

enum class ErrorType {
  kValidation,
  kSerialization,
  kUnknownOperation,
  kResourceNotFound,
  kResourceInUse,
  kConditionalCheckFailed,
  kLimitExceeded,
  kProvisionedThroughputExceeded,
  kRequestLimitExceeded,
  kThrottling,  // the service sheds load (not a table's throughput)
  kItemCollectionSizeLimitExceeded,
  kTransactionCanceled,
  kTransactionConflict,
  kTransactionInProgress,
  kIdempotentParameterMismatch,
  kAccessDenied,
  kMissingAuthenticationToken,
  kIncompleteSignature,
  kInvalidSignature,
  kUnrecognizedClient,
  kExpiredToken,
  kInternalServerError,
  kTableNotFound,       // the backup operations' own "no such table"
  kTableAlreadyExists,  // a restore's target name is taken
  kBackupNotFound,
  kBackupInUse,
  kPointInTimeRecoveryUnavailable,
  kInvalidRestoreTime,
  kExportNotFound,
  kExportConflict,  // a ClientToken reused with other parameters
  kInvalidExportTime,
  kImportNotFound,
  kImportConflict,  // a ClientToken reused for another table
  kPolicyNotFound,  // no resource-based policy (or not the expected revision)
  // Cairn's admin API (IAM's words)
  kNoSuchEntity,
  kEntityAlreadyExists,
  kMalformedPolicyDocument,
  // DynamoDB Streams
  kExpiredIterator,
  kTrimmedDataAccess,
};

// Why one action of a transaction was cancelled: Code "None" (it was fine; no message),
// "ConditionalCheckFailed" (with the item when ReturnValuesOnConditionCheckFailure was
// ALL_OLD), "ValidationError", "TransactionConflict", ...
struct CancellationReason {
  std::string code = "None";
  std::string message;
  std::shared_ptr<const Item> item;
};

class ApiError : public std::runtime_error {
 public:
  ApiError(ErrorType type, std::string message)
      : std::runtime_error(std::move(message)), type_(type) {}

  ErrorType type() const { return type_; }
  std::string_view message() const { return what(); }
  // The bare name, e.g. "ValidationException".
  std::string_view name() const;
  // The full "__type" value, e.g. "com.amazon.coral.validate#ValidationException".
  std::string wire_type() const;
  int http_status() const;

  static ApiError validation(std::string message) {
    return {ErrorType::kValidation, std::move(message)};
  }
  static ApiError serialization(std::string message) {
    return {ErrorType::kSerialization, std::move(message)};
  }
  static ApiError resource_not_found(std::string message) {
    return {ErrorType::kResourceNotFound, std::move(message)};
  }
  static ApiError resource_in_use(std::string message) {
    return {ErrorType::kResourceInUse, std::move(message)};
  }
  static ApiError limit_exceeded(std::string message) {
    return {ErrorType::kLimitExceeded, std::move(message)};
  }
  static ApiError internal(std::string message) {
    return {ErrorType::kInternalServerError, std::move(message)};
  }
  // A single-item write of an item that an ongoing transaction holds (or whose lock it
  // waited on for too long): TransactionConflictException, which the SDKs may retry.
  static ApiError transaction_conflict() {
    return {ErrorType::kTransactionConflict, std::string(kTransactionConflictMessage)};
  }
  // DynamoDB's words for that conflict, also the message of a cancellation reason
  // TransactionConflict.
  static constexpr std::string_view kTransactionConflictMessage =
      "Transaction is ongoing for the item";
  // A write that would grow an item collection (a table with local secondary indexes)
  // past its limit; the message is the API reference's, also that of a cancellation
  // reason ItemCollectionSizeLimitExceeded.
  static ApiError item_collection_size_limit_exceeded() {
    return {ErrorType::kItemCollectionSizeLimitExceeded,
            std::string(kItemCollectionSizeLimitMessage)};
  }
  static constexpr std::string_view kItemCollectionSizeLimitMessage =
      "The total size of an item collection has exceeded the maximum limit of 10 gigabytes.";
  // A failed ConditionExpression/Expected. With ReturnValuesOnConditionCheckFailure=ALL_OLD
  // the error carries the item as it was.
  static ApiError conditional_check_failed(const Item* old_item = nullptr);

  // The item a ConditionalCheckFailedException returns, if any.
  const Item* item() const { return item_.get(); }

  // A TransactionCanceledException: one reason per action, in request order; the message
  // lists their codes as DynamoDB's does.
  static ApiError transaction_canceled(std::vector<CancellationReason> reasons);
  // Its reasons (empty for every other error).
  const std::vector<CancellationReason>& cancellation_reasons() const;

  // DynamoDB's wording for a table that does not exist (or is not ACTIVE yet), as the
  // table-management operations (DescribeTable, UpdateTable, DeleteTable, ...) say it.
  static ApiError table_not_found(std::string_view table);
  // The same, as item, batch and transaction operations say it: without the table's name.
  static ApiError item_table_not_found() {
    return resource_not_found("Requested resource not found");
  }
  // A point-in-time restore to a time outside the table's window.
  static ApiError invalid_restore_time() {
    return ApiError(ErrorType::kInvalidRestoreTime,
                    "RestoreDateTime must be between EarliestRestorableDateTime and "
                    "LatestRestorableDateTime");
  }

 private:
  ErrorType type_;
  std::shared_ptr<const Item> item_;
  std::shared_ptr<const std::vector<CancellationReason>> reasons_;
};

}  // namespace cairn
