#include "api/item_request.h"

#include "model/api_error.h"

namespace cairn::api {

bool parse_write_return_values(const RequestReader& r, Constraints& c) {
  check_return_options(r, c);
  auto rv = r.string("ReturnValues");
  if (!rv) return false;
  if (!c.one_of(*rv, "returnValues",
                {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"})) {
    return false;
  }
  if (*rv != "NONE" && *rv != "ALL_OLD") {
    c.throw_if_any();
    throw ApiError::validation("ReturnValues can only be ALL_OLD or NONE");
  }
  return *rv == "ALL_OLD";
}

void check_return_options(const RequestReader& r, Constraints& c) {
  if (auto rcc = r.string("ReturnConsumedCapacity")) {
    c.one_of(*rcc, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  }
  if (auto rim = r.string("ReturnItemCollectionMetrics")) {
    c.one_of(*rim, "returnItemCollectionMetrics", {"SIZE", "NONE"});
  }
}

void reject_unsupported_item_parameters(const RequestReader& r) {
  for (std::string_view p :
       {"ConditionExpression", "Expected", "ConditionalOperator", "ProjectionExpression",
        "AttributesToGet", "ExpressionAttributeNames", "ExpressionAttributeValues"}) {
    if (r.has(p)) throw ApiError::validation(std::string(p) + " is not supported yet");
  }
}

}  // namespace cairn::api
