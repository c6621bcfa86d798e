// DynamoDB's error envelope: {"__type": ..., "message": ...} with what some errors carry
// besides (the item of a failed condition, a transaction's cancellation reasons). The one
// place an ApiError becomes a response body.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "api/output_buffer.h"
#include "model/api_error.h"

namespace cairn::api {

// The longest message an error carries. Messages echo the input they refuse (a set's
// members, a value that breaks a constraint), and a 10 MB input must not come back as a
// 10 MB message: a longer one is cut at a character boundary and ends with "...".
constexpr size_t kMaxErrorMessageBytes = 4096;

// message as an error carries it: whole, or cut to kMaxErrorMessageBytes (with "...").
std::string bounded_message(std::string_view message);

// Renders error into out (replacing what it held); returns its HTTP status.
int render_error(const ApiError& error, OutputBuffer& out);

}  // namespace cairn::api
