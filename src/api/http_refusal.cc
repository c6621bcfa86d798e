#include "api/http_refusal.h"

#include <string>

#include "api/dispatcher.h"
#include "api/error_response.h"
#include "model/api_error.h"

namespace cairn::api {

int render_refusal(HttpRefusal refusal, OutputBuffer& out) {
  switch (refusal) {
    case HttpRefusal::kBodyTooLarge:
      // DynamoDB's status for it is 413, although a ValidationException is otherwise 400.
      render_error(ApiError::validation("Request size exceeds " + std::to_string(kMaxRequestBody) +
                                        " bytes"),
                   out);
      return 413;
    case HttpRefusal::kMalformed:
      return render_error(ApiError::serialization("Malformed HTTP request"), out);
    case HttpRefusal::kThrottled:
      // DynamoDB's answer when it sheds load; the AWS SDKs retry it after a back-off.
      return render_error(
          ApiError(ErrorType::kThrottling, "Rate of requests exceeds the allowed throughput."),
          out);
    case HttpRefusal::kUndecodableBody:
      // DynamoDB answers a body it cannot decode, or an unknown coding, with a 500.
      return render_error(ApiError::internal("Internal server error"), out);
  }
  return render_error(ApiError::internal("Internal server error"), out);
}

}  // namespace cairn::api
