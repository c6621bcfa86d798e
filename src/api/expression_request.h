// The expression-related members of a request, read once and checked the way DynamoDB
// checks them before any item is touched: ExpressionAttributeNames/Values, the legacy
// parameters (Expected, ConditionalOperator, AttributeUpdates, AttributesToGet) and the
// rule that one request may not mix the two styles.
#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <string_view>

#include "api/request_reader.h"
#include "expr/ast.h"
#include "expr/context.h"
#include "expr/legacy.h"

namespace cairn::api {

// ExpressionAttributeNames and ExpressionAttributeValues, validated. The context is heap
// allocated because parsed trees point into it.
std::unique_ptr<expr::ExpressionContext> read_expression_context(const RequestReader& r);

// DynamoDB refuses a request that uses members of both styles, and placeholders given
// to a request that has no expression at all.
void check_expression_style(const RequestReader& r, std::initializer_list<std::string_view> legacy,
                            std::initializer_list<std::string_view> expressions);

// ConditionExpression, or Expected (+ ConditionalOperator): the condition a write must
// meet, if any. The context must outlive the returned tree.
std::optional<expr::Condition> read_write_condition(const RequestReader& r,
                                                    expr::ExpressionContext& ctx);

// ProjectionExpression or AttributesToGet, if any.
std::optional<expr::ProjectionExpression> read_projection(const RequestReader& r,
                                                          expr::ExpressionContext& ctx);

// Legacy condition entries of an Expected/QueryFilter/ScanFilter/KeyConditions map.
std::vector<expr::LegacyCondition> read_legacy_conditions(JsonObject entries);

// AttributeUpdates, read into the legacy form the expression layer translates.
std::vector<expr::LegacyUpdate> read_attribute_updates(JsonObject updates);

// ConditionalOperator: true for OR. Only allowed together with `with` (e.g. "Expected").
bool read_conditional_operator(const RequestReader& r, bool allowed);

}  // namespace cairn::api
