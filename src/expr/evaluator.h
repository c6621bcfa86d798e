// Evaluating a Condition against an item, with DynamoDB's type rules:
//  - a missing attribute makes every comparison false, except <> which is true;
//  - values of different types are unequal and unordered (false, never an error);
//  - < <= > >= and BETWEEN order only N (numerically, exactly), S (by UTF-8 bytes) and B
//    (by unsigned bytes); other types compare false;
//  - sets are equal regardless of element order; maps and lists compare deeply.
// Evaluation never throws: everything a request can get wrong was refused by the parser.
// Thread-safe for concurrent calls on one tree.
#pragma once

#include "expr/ast.h"
#include "model/attribute_value.h"

namespace cairn::expr {

// item may be null (no such item): every path is then missing.
bool evaluate(const Condition& condition, const Item* item);

}  // namespace cairn::expr
