// Applying document paths to an item: ProjectionExpression (and AttributesToGet, whose
// names are one-element paths), and the UPDATED_OLD / UPDATED_NEW return values of an
// update, which are the old and new item projected onto the update's target paths.
#pragma once

#include <span>

#include "expr/ast.h"
#include "model/attribute_value.h"

namespace cairn::expr {

// The parts of `item` the paths select, keeping their nesting: a.b[2].c yields
// {a: {b: [{c: ...}]}}. Paths that select nothing (missing attributes, indexes past the
// end, a field of a non-map) are skipped; an item none of them matches yields {}. Elements
// selected from one list are returned compacted, in their original order, as DynamoDB
// does: a[3], a[1] of [w, x, y, z] yields [x, z].
Item project_paths(const Item& item, std::span<const Path> paths);

inline Item apply_projection(const ProjectionExpression& projection, const Item& item) {
  return project_paths(item, projection.paths);
}

}  // namespace cairn::expr
