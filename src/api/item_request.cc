#include "api/item_request.h"

#include <algorithm>

#include "api/attribute_json.h"
#include "model/api_error.h"

namespace cairn::api {

ReturnValues parse_return_values(const RequestReader& r, Constraints& c,
                                 std::initializer_list<ReturnValues> allowed) {
  check_return_options(r, c);
  auto rv = r.string("ReturnValues");
  if (!rv) return ReturnValues::kNone;
  static constexpr std::pair<std::string_view, ReturnValues> kModes[] = {
      {"NONE", ReturnValues::kNone},
      {"ALL_OLD", ReturnValues::kAllOld},
      {"UPDATED_OLD", ReturnValues::kUpdatedOld},
      {"ALL_NEW", ReturnValues::kAllNew},
      {"UPDATED_NEW", ReturnValues::kUpdatedNew}};
  if (!c.one_of(*rv, "returnValues",
                {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"})) {
    return ReturnValues::kNone;
  }
  ReturnValues mode = ReturnValues::kNone;
  for (const auto& [text, m] : kModes) {
    if (text == *rv) mode = m;
  }
  if (std::find(allowed.begin(), allowed.end(), mode) == allowed.end()) {
    c.throw_if_any();
    throw ApiError::validation("ReturnValues can only be ALL_OLD or NONE");
  }
  return mode;
}

bool parse_return_values_on_condition_check_failure(const RequestReader& r, Constraints& c,
                                                    std::string_view at) {
  auto v = r.string("ReturnValuesOnConditionCheckFailure");
  if (!v) return false;
  c.one_of(*v, std::string(at) + "returnValuesOnConditionCheckFailure", {"ALL_OLD", "NONE"});
  return *v == "ALL_OLD";
}

void check_return_options(const RequestReader& r, Constraints& c) {
  if (auto rcc = r.string("ReturnConsumedCapacity")) {
    c.one_of(*rcc, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  }
  if (auto rim = r.string("ReturnItemCollectionMetrics")) {
    c.one_of(*rim, "returnItemCollectionMetrics", {"SIZE", "NONE"});
  }
}

}  // namespace cairn::api
