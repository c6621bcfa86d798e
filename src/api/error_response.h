// DynamoDB's error envelope: {"__type": ..., "message": ...} with what some errors carry
// besides (the item of a failed condition, a transaction's cancellation reasons). The one
// place an ApiError becomes a response body.
#pragma once

#include "api/output_buffer.h"
#include "model/api_error.h"

namespace cairn::api {

// Renders error into out (replacing what it held); returns its HTTP status.
int render_error(const ApiError& error, OutputBuffer& out);

}  // namespace cairn::api
