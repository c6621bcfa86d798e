// Request members shared by the single-item operations.
#pragma once

#include <initializer_list>
#include <vector>

#include "api/constraints.h"
#include "api/request_reader.h"

namespace cairn::api {

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

// ReturnValues, checked against DynamoDB's enum and then against the modes this operation
// allows ("ReturnValues can only be ALL_OLD or NONE" for PutItem and DeleteItem).
ReturnValues parse_return_values(const RequestReader& r, Constraints& c,
                                 std::initializer_list<ReturnValues> allowed);

// ReturnValuesOnConditionCheckFailure: NONE (default) or ALL_OLD. Returns whether the old
// item goes into a ConditionalCheckFailedException. at prefixes the member's path in
// messages (e.g. "transactItems.1.member.put.").
bool parse_return_values_on_condition_check_failure(const RequestReader& r, Constraints& c,
                                                    std::string_view at = "");

// ReturnConsumedCapacity and ReturnItemCollectionMetrics: checked against their enums.
void check_return_options(const RequestReader& r, Constraints& c);

}  // namespace cairn::api
