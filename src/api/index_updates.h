// UpdateTable's GlobalSecondaryIndexUpdates (Create, Update, Delete of global secondary
// indexes) and the AttributeDefinitions a Create comes with, with DynamoDB's rules in its
// order: member checks with the rest of the request's, then the shape of the list, then
// (against the table, inside the catalogue's update) existence, limits, attribute types
// and throughput by billing mode.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/constraints.h"
#include "api/index_spec.h"
#include "api/request_reader.h"
#include "api/table_request.h"
#include "engine/table_info.h"

namespace cairn::api {

// One element of GlobalSecondaryIndexUpdates.
struct IndexAction {
  enum class Kind { kNone, kCreate, kUpdate, kDelete };
  Kind kind = Kind::kNone;
  int actions = 0;              // how many of Create/Update/Delete the element has (1 is valid)
  std::string index_name;       // of the (first) action
  IndexSpec create;             // kCreate
  ParsedThroughput throughput;  // kUpdate
};

struct IndexUpdates {
  bool present = false;  // GlobalSecondaryIndexUpdates given (maybe empty)
  std::vector<IndexAction> actions;
  // The request's AttributeDefinitions, in request order (absent: not given).
  std::optional<std::vector<std::pair<std::string, std::string>>> definitions;

  bool creates_or_deletes() const;
  const IndexAction* create() const;
};

// Reads GlobalSecondaryIndexUpdates and AttributeDefinitions; their member-constraint
// failures go into c. Wrong JSON types throw SerializationException.
IndexUpdates read_index_updates(const RequestReader& r, Constraints& c);

// The rules on the list itself, after the member checks: every element names exactly one
// action, no index twice, at most one Create or Delete (LimitExceededException).
void check_index_update_list(const IndexUpdates& updates);

// Applies the actions to t, a copy of the table's metadata about to be published, whose
// billing mode is already the one this request leaves it in. Throws DynamoDB's error for
// an unknown index, an LSI, a name taken, another index still being created, the index
// limit, an attribute redefined, or throughput the billing mode does not allow.
void apply_index_updates(const IndexUpdates& updates, engine::TableInfo& t, int64_t now_ms);

// A switch from PAY_PER_REQUEST to PROVISIONED must give every GSI its throughput in the
// same request (an Update per index): throws DynamoDB's error naming those without.
void check_throughput_for_every_index(const IndexUpdates& updates, const engine::TableInfo& t);

}  // namespace cairn::api
