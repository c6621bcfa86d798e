// Applying an UpdateExpression to an item, with DynamoDB's semantics:
//  - every SET value is computed from the item as it was before the update ("SET a = b,
//    b = a" swaps), then all actions apply;
//  - list indexes refer to the list before the update: "REMOVE a[1] SET a[3] = :v" sets
//    the original fourth element; SETting an index past the end appends (in index order);
//    REMOVE of an index past the end does nothing;
//  - a path through a missing or wrongly typed parent is "The document path provided in
//    the update expression is invalid for update";
//  - ADD adds to a number (a missing one counts as 0) or unions a set; DELETE removes set
//    elements and removes the attribute when none remain.
// Errors are ApiError::validation with DynamoDB's messages. Key protection, item size and
// index key types are the engine's checks, on the result.
#pragma once

#include <vector>

#include "expr/ast.h"
#include "model/attribute_value.h"

namespace cairn::expr {

struct UpdateResult {
  Item item;  // the item after the update
  // The actions' target paths: ReturnValues UPDATED_OLD is project_paths(old, paths),
  // UPDATED_NEW is project_paths(item, paths) (projection.h), key attributes excluded by
  // the caller.
  std::vector<Path> updated_paths;
};

// old_item is null when no item exists: the update starts from an empty item, and REMOVE
// actions (even of nested paths) do nothing.
UpdateResult apply_update(const UpdateExpression& update, const Item* old_item);

}  // namespace cairn::expr
