#include "model/api_error.h"

namespace cairn {
namespace {

struct ErrorInfo {
  std::string_view name;
  std::string_view ns;
  int status;
};

// DynamoDB serves request-validation and protocol errors from its front end ("coral")
// namespaces and service errors from the versioned DynamoDB namespace; SDKs read only the
// part after '#', but the prefixes are what the real service sends.
constexpr std::string_view kDynamo = "com.amazonaws.dynamodb.v20120810#";
constexpr std::string_view kCoralValidate = "com.amazon.coral.validate#";
constexpr std::string_view kCoralService = "com.amazon.coral.service#";
constexpr std::string_view kCoralAvailability = "com.amazon.coral.availability#";
// Cairn's admin API, which speaks IAM's vocabulary but is Cairn's own.
constexpr std::string_view kCairnAdmin = "com.cairn.admin#";

ErrorInfo info(ErrorType type) {
  switch (type) {
    case ErrorType::kValidation:
      return {"ValidationException", kCoralValidate, 400};
    case ErrorType::kSerialization:
      return {"SerializationException", kCoralService, 400};
    case ErrorType::kUnknownOperation:
      return {"UnknownOperationException", kCoralService, 400};
    case ErrorType::kResourceNotFound:
      return {"ResourceNotFoundException", kDynamo, 400};
    case ErrorType::kResourceInUse:
      return {"ResourceInUseException", kDynamo, 400};
    case ErrorType::kConditionalCheckFailed:
      return {"ConditionalCheckFailedException", kDynamo, 400};
    case ErrorType::kLimitExceeded:
      return {"LimitExceededException", kDynamo, 400};
    case ErrorType::kProvisionedThroughputExceeded:
      return {"ProvisionedThroughputExceededException", kDynamo, 400};
    case ErrorType::kRequestLimitExceeded:
      return {"RequestLimitExceeded", kDynamo, 400};
    case ErrorType::kThrottling:
      return {"ThrottlingException", kCoralAvailability, 400};
    case ErrorType::kItemCollectionSizeLimitExceeded:
      return {"ItemCollectionSizeLimitExceededException", kDynamo, 400};
    case ErrorType::kTransactionCanceled:
      return {"TransactionCanceledException", kDynamo, 400};
    case ErrorType::kTransactionConflict:
      return {"TransactionConflictException", kDynamo, 400};
    case ErrorType::kTransactionInProgress:
      return {"TransactionInProgressException", kDynamo, 400};
    case ErrorType::kIdempotentParameterMismatch:
      return {"IdempotentParameterMismatchException", kDynamo, 400};
    case ErrorType::kAccessDenied:
      return {"AccessDeniedException", kCoralService, 400};
    case ErrorType::kMissingAuthenticationToken:
      return {"MissingAuthenticationTokenException", kCoralService, 400};
    case ErrorType::kIncompleteSignature:
      return {"IncompleteSignatureException", kCoralService, 400};
    case ErrorType::kInvalidSignature:
      return {"InvalidSignatureException", kCoralService, 400};
    case ErrorType::kUnrecognizedClient:
      return {"UnrecognizedClientException", kCoralService, 400};
    case ErrorType::kExpiredToken:
      return {"ExpiredTokenException", kCoralService, 400};
    case ErrorType::kInternalServerError:
      return {"InternalServerError", kDynamo, 500};
    case ErrorType::kTableNotFound:
      return {"TableNotFoundException", kDynamo, 400};
    case ErrorType::kTableAlreadyExists:
      return {"TableAlreadyExistsException", kDynamo, 400};
    case ErrorType::kBackupNotFound:
      return {"BackupNotFoundException", kDynamo, 400};
    case ErrorType::kBackupInUse:
      return {"BackupInUseException", kDynamo, 400};
    case ErrorType::kPointInTimeRecoveryUnavailable:
      return {"PointInTimeRecoveryUnavailableException", kDynamo, 400};
    case ErrorType::kInvalidRestoreTime:
      return {"InvalidRestoreTimeException", kDynamo, 400};
    case ErrorType::kExportNotFound:
      return {"ExportNotFoundException", kDynamo, 400};
    case ErrorType::kExportConflict:
      return {"ExportConflictException", kDynamo, 400};
    case ErrorType::kInvalidExportTime:
      return {"InvalidExportTimeException", kDynamo, 400};
    case ErrorType::kImportNotFound:
      return {"ImportNotFoundException", kDynamo, 400};
    case ErrorType::kImportConflict:
      return {"ImportConflictException", kDynamo, 400};
    case ErrorType::kPolicyNotFound:
      return {"PolicyNotFoundException", kDynamo, 400};
    case ErrorType::kNoSuchEntity:
      return {"NoSuchEntityException", kCairnAdmin, 400};
    case ErrorType::kEntityAlreadyExists:
      return {"EntityAlreadyExistsException", kCairnAdmin, 400};
    case ErrorType::kMalformedPolicyDocument:
      return {"MalformedPolicyDocumentException", kCairnAdmin, 400};
    case ErrorType::kExpiredIterator:
      return {"ExpiredIteratorException", kDynamo, 400};
    case ErrorType::kTrimmedDataAccess:
      return {"TrimmedDataAccessException", kDynamo, 400};
  }
  return {"InternalServerError", kDynamo, 500};
}

}  // namespace

std::string_view ApiError::name() const {
  return info(type_).name;
}

std::string ApiError::wire_type() const {
  auto i = info(type_);
  std::string out(i.ns);
  out += i.name;
  return out;
}

int ApiError::http_status() const {
  return info(type_).status;
}

ApiError ApiError::table_not_found(std::string_view table) {
  return resource_not_found("Requested resource not found: Table: " + std::string(table) +
                            " not found");
}

ApiError ApiError::conditional_check_failed(const Item* old_item) {
  ApiError e(ErrorType::kConditionalCheckFailed, "The conditional request failed");
  if (old_item) e.item_ = std::make_shared<const Item>(*old_item);
  return e;
}

ApiError ApiError::transaction_canceled(std::vector<CancellationReason> reasons) {
  std::string codes;
  for (const auto& r : reasons) codes += (codes.empty() ? "" : ", ") + r.code;
  ApiError e(ErrorType::kTransactionCanceled,
             "Transaction cancelled, please refer cancellation reasons for specific reasons [" +
                 codes + "]");
  e.reasons_ = std::make_shared<const std::vector<CancellationReason>>(std::move(reasons));
  return e;
}

const std::vector<CancellationReason>& ApiError::cancellation_reasons() const {
  static const std::vector<CancellationReason> none;
  return reasons_ ? *reasons_ : none;
}

}  // namespace cairn
