// Parsing DynamoDB's expression strings into typed trees (ast.h). Every function applies
// DynamoDB's limits (4 KB, 300 operators, 32 path levels), resolves #name and :value
// placeholders through the request's ExpressionContext (marking them used), and throws
// ApiError::validation with DynamoDB's exact message for any invalid expression, e.g.
//   Invalid UpdateExpression: Syntax error; token: "_", near: "SET _123"
// All validation DynamoDB does without looking at an item happens here, so evaluating or
// applying a parsed tree never fails for a reason the request alone could reveal.
#pragma once

#include <string_view>

#include "expr/ast.h"
#include "expr/context.h"

namespace cairn::expr {

// ConditionExpression, FilterExpression or KeyConditionExpression (kind picks the name in
// messages; key-condition-specific rules are the caller's).
Condition parse_condition(std::string_view text, ExpressionKind kind, ExpressionContext& ctx);

UpdateExpression parse_update(std::string_view text, ExpressionContext& ctx);

ProjectionExpression parse_projection(std::string_view text, ExpressionContext& ctx);

}  // namespace cairn::expr
