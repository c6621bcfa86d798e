// Request members shared by the single-item operations.
#pragma once

#include "api/constraints.h"
#include "api/request_reader.h"

namespace cairn::api {

// ReturnValues of PutItem and DeleteItem: NONE (default) or ALL_OLD. Returns whether the
// old item is wanted.
bool parse_write_return_values(const RequestReader& r, Constraints& c);

// ReturnConsumedCapacity and ReturnItemCollectionMetrics: checked against their enums.
void check_return_options(const RequestReader& r, Constraints& c);

// Expressions and legacy conditions come with the expression language; until then a
// request that uses them is refused rather than half-served.
void reject_unsupported_item_parameters(const RequestReader& r);

}  // namespace cairn::api
