// DynamoDB reads (deserializes) a whole request before it validates any of it: a value of
// the wrong JSON type anywhere in the request is a SerializationException, whatever else
// is wrong with it (a missing TableName, a bad expression, a missing table). Cairn's
// handlers read as they validate, so when one fails with another error, the dispatcher
// asks this for the request's serialization error, if it has one, and answers with that.
// It costs nothing on requests that succeed.
#pragma once

#include <optional>

#include "api/request_reader.h"
#include "model/api_error.h"

namespace cairn::api {

// Whether DynamoDB would have found this error only after deserializing the request.
bool found_after_deserialization(const ApiError& error);

// The first serialization error in the attribute values of a request (Key, Item,
// ExclusiveStartKey, ExpressionAttributeValues, the legacy conditions' values, and those
// inside RequestItems and TransactItems), if any.
std::optional<ApiError> serialization_error_in(JsonObject request);

}  // namespace cairn::api
