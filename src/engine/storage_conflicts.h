// Storage conflicts as a client sees them. A storage transaction that waited too long for a
// key's lock fails with storage::ConflictError; the engine hands it to the layers above as
// DynamoDB's TransactionConflictException (which the SDKs retry), so that nothing above the
// engine names storage. An engine-internal header: engine sources only.
#pragma once

#include <utility>

#include "model/api_error.h"
#include "storage/kv_store.h"

namespace cairn::engine {

// Runs step (storage work under locks) and returns what it returns; a conflict leaves as
// TransactionConflictException.
template <class Step>
decltype(auto) conflicts_as_api_errors(Step&& step) {
  try {
    return std::forward<Step>(step)();
  } catch (const storage::ConflictError&) {
    throw ApiError::transaction_conflict();
  }
}

}  // namespace cairn::engine
