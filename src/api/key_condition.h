// The one home of DynamoDB's rules about Query keys: the terms of a key condition
// (expr/key_terms.h) checked against the key schema of the table or index read (multi-
// attribute GSI keys included) into a typed engine::KeyCondition, whether an
// ExclusiveStartKey lies within it, and that a filter may not name a key attribute.
//
// Checking happens in two phases, as in DynamoDB: the terms are built (and their shape
// refused) before the table is looked up; agreement with the schema needs the table.
#pragma once

#include <string_view>

#include "engine/key_schema.h"
#include "expr/ast.h"
#include "expr/key_terms.h"
#include "model/attribute_value.h"

namespace cairn::api {

// Checks the terms against the key schema and types them. start_key, the request's
// ExclusiveStartKey if any, is checked for shape in the same walk over the key attributes,
// because DynamoDB interleaves the two and reports whichever fails first. A multi-attribute
// key has DynamoDB's rules for them: every partition attribute with an equality, the sort
// attributes left to right without gaps, equalities on all but the last.
engine::KeyCondition resolve_key_condition(const expr::KeyTerms& terms,
                                           const engine::KeySchema& schema, const Item* start_key);

// The shape checks resolve_key_condition makes of an ExclusiveStartKey, for a Scan of an
// index: the table's and the index's key attributes, exactly, with the index key's types.
// (The table key's own rules are ItemStore::storage_key's.)
void check_index_start_key_shape(const engine::KeySchema& schema, const Item& start_key);

// An ExclusiveStartKey (already valid in shape) must lie within the key condition: in its
// partition, and satisfying its sort-key conditions.
void check_start_key(const engine::KeyCondition& condition, const engine::KeySchema& schema,
                     const Item& start_key);

// A Query's filter may not name a key attribute of the schema it reads (they belong in the
// key condition); on an index, the table's key attributes are fine. parameter is "Filter
// Expression" or "QueryFilter", as DynamoDB's message spells them.
void check_filter_excludes_keys(const expr::Condition& filter, const engine::KeySchema& schema,
                                std::string_view parameter);

}  // namespace cairn::api
