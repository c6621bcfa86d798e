#include "api/query_request.h"

#include <vector>

#include "api/attribute_json.h"
#include "api/constraints.h"
#include "api/expression_request.h"
#include "api/item_request.h"
#include "expr/parser.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

constexpr int64_t kMaxTotalSegments = 1000000;

bool is_query(ReadOperation op) {
  return op == ReadOperation::kQuery;
}

// Legacy condition maps have an enum-valued ComparisonOperator in every entry; the request
// validator names the entry's attribute in its message.
void check_comparison_operators(const RequestReader& r, std::string_view member,
                                std::string_view field, Constraints& c) {
  auto entries = r.object(member);
  if (!entries) return;
  for (auto [attribute, spec] : *entries) {
    const std::string at =
        std::string(field) + "." + std::string(attribute) + ".member.comparisonOperator";
    auto op = RequestReader(as_object(spec)).string("ComparisonOperator");
    if (!op) {
      c.not_null(at);
    } else {
      c.one_of(*op, at,
               {"IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE",
                "BEGINS_WITH", "GE", "CONTAINS"});
    }
  }
}

// The member constraints, in the order DynamoDB lists them when several fail.
void check_members(const RequestReader& r, ReadOperation op) {
  Constraints c;
  if (auto select = r.string("Select")) {
    c.one_of(*select, "select",
             {"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"});
  }
  if (auto index = r.string("IndexName")) {
    c.length_between(*index, "indexName", 3, 255);
    c.pattern(*index, "indexName", "[a-zA-Z0-9_.-]+", is_table_name_char);
  }
  if (!is_query(op)) {
    if (auto total = r.integer("TotalSegments")) {
      if (c.at_least(*total, "totalSegments", 1))
        c.at_most(*total, "totalSegments", kMaxTotalSegments);
    }
  }
  check_return_options(r, c);
  if (is_query(op)) check_comparison_operators(r, "QueryFilter", "queryFilter", c);
  c.table_name(r.string("TableName"));
  if (!is_query(op)) check_comparison_operators(r, "ScanFilter", "scanFilter", c);
  if (auto names = r.array("AttributesToGet"); names && names->size() == 0) {
    c.fail("[]", "attributesToGet", "Member must have length greater than or equal to 1");
  }
  if (!is_query(op)) {
    if (auto segment = r.integer("Segment")) c.at_least(*segment, "segment", 0);
  }
  // Query's Limit has moved to DynamoDB's newer message shape; Scan's has not.
  if (auto limit = r.integer("Limit"); limit && *limit < 1 && is_query(op)) {
    c.fail_unechoed("Limit", "Member must have value greater than or equal to 1");
  } else if (limit) {
    c.at_least(*limit, "limit", 1);
  }
  if (is_query(op)) check_comparison_operators(r, "KeyConditions", "keyConditions", c);
  // Every read is strongly consistent here; ConsistentRead decides the capacity charged
  // (and is refused on a GSI).
  r.boolean("ConsistentRead");
  c.throw_if_any();
}

// DynamoDB refuses a request mixing expression and legacy parameters, and placeholder maps
// that no expression can use. Query's KeyConditions is the exception: it may accompany a
// FilterExpression or ProjectionExpression, just not a KeyConditionExpression.
void check_expression_style(const RequestReader& r, ReadOperation op) {
  const bool query = is_query(op);
  std::vector<std::string_view> expressions, legacy;
  for (std::string_view p :
       {"ProjectionExpression", "FilterExpression", "KeyConditionExpression"}) {
    if (r.has(p) && (query || p != "KeyConditionExpression")) expressions.push_back(p);
  }
  for (std::string_view p :
       {"AttributesToGet", query ? "QueryFilter" : "ScanFilter", "ConditionalOperator"}) {
    if (r.has(p)) legacy.push_back(p);
  }
  if (query && r.has("KeyConditions") && r.has("KeyConditionExpression")) {
    legacy.push_back("KeyConditions");
  }
  auto listing = [](const std::vector<std::string_view>& members) {
    std::string s = "{";
    for (size_t i = 0; i < members.size(); ++i) s += (i ? ", " : "") + std::string(members[i]);
    return s + "}";
  };
  if (!expressions.empty() && !legacy.empty()) {
    throw ApiError::validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: " +
        listing(legacy) + " Expression parameters: " + listing(expressions));
  }
  if (expressions.empty() && r.has("ExpressionAttributeNames")) {
    throw ApiError::validation(
        "ExpressionAttributeNames can only be specified when using expressions");
  }
  const bool uses_values = r.has("FilterExpression") || (query && r.has("KeyConditionExpression"));
  if (!uses_values && r.has("ExpressionAttributeValues")) {
    throw ApiError::validation(
        std::string("ExpressionAttributeValues can only be specified when using expressions: ") +
        (query ? "FilterExpression and KeyConditionExpression are null"
               : "FilterExpression is null"));
  }
}

// Select against AttributesToGet/ProjectionExpression. Query words these as member
// constraints, Scan bare (as DynamoDB does). Returns whether only the count is wanted.
bool read_select(const RequestReader& r, ReadOperation op) {
  const std::string prefix = is_query(op) ? "1 validation error detected: " : "";
  auto select = r.string("Select");
  const bool attributes_to_get = r.has("AttributesToGet");
  const bool projection = r.has("ProjectionExpression");
  if (select && *select != "SPECIFIC_ATTRIBUTES") {
    const std::string what = *select == "COUNT" ? "only the Count" : std::string(*select);
    if (attributes_to_get) {
      throw ApiError::validation(prefix +
                                 "Cannot specify the AttributesToGet when choosing to get " + what);
    }
    if (projection) {
      throw ApiError::validation(
          prefix + "Cannot specify the ProjectionExpression when choosing to get " + what);
    }
  }
  if (select == "SPECIFIC_ATTRIBUTES" && !attributes_to_get && !projection) {
    throw ApiError::validation(
        prefix +
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
        "SPECIFIC_ATTRIBUTES");
  }
  if (select == "ALL_PROJECTED_ATTRIBUTES" && !r.has("IndexName")) {
    throw ApiError::validation(
        prefix + "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  }
  return select == "COUNT";
}

// QueryFilter/ScanFilter with ConditionalOperator: nullopt for none (or an empty map).
std::optional<expr::Condition> read_legacy_filter(const RequestReader& r, ReadOperation op) {
  auto entries = r.object(is_query(op) ? "QueryFilter" : "ScanFilter");
  std::vector<expr::LegacyCondition> conditions;
  if (entries) conditions = read_legacy_conditions(*entries);
  const bool use_or = read_conditional_operator(r, !conditions.empty());
  for (auto& c : conditions) {
    // A filter Condition has only ComparisonOperator and AttributeValueList; the members
    // only Expected knows are not part of it.
    c.exists.reset();
    c.value.reset();
  }
  return expr::translate_conditions(conditions, use_or);
}

// The ExclusiveStartKey's values, checked like any attribute value. DynamoDB prefixes what
// is wrong with "The provided starting key is invalid: ", except for the number and set
// checks, which it reports bare.
Item read_start_key(JsonObject key) {
  try {
    return parse_item(key);
  } catch (const ApiError& e) {
    if (e.type() != ErrorType::kValidation) throw;
    const std::string_view message = e.message();
    for (std::string_view bare : {"contains duplicates", "number set", "numeric value",
                                  "significant digits", "number with magnitude"}) {
      if (message.find(bare) != std::string_view::npos) throw;
    }
    throw ApiError::validation("The provided starting key is invalid: " + std::string(message));
  }
}

std::optional<ParallelScanSegment> read_segment(const RequestReader& r) {
  auto segment = r.integer("Segment");
  auto total = r.integer("TotalSegments");
  if (segment && !total) {
    throw ApiError::validation(
        "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present");
  }
  if (total && !segment) {
    throw ApiError::validation(
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present");
  }
  if (!segment) return std::nullopt;
  if (*segment >= *total) {
    throw ApiError::validation(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: " +
        std::to_string(*segment) + " is not less than TotalSegments: " + std::to_string(*total));
  }
  return ParallelScanSegment{*segment, *total};
}

}  // namespace

PageRequest read_page_request(const RequestReader& r, ReadOperation op) {
  check_members(r, op);
  check_expression_style(r, op);
  PageRequest req;
  req.table_name = *r.string("TableName");
  req.limit = r.integer("Limit").value_or(0);
  req.count_only = read_select(r, op);
  req.select = r.string("Select");
  req.index_name = r.string("IndexName");
  req.consistent = r.boolean("ConsistentRead").value_or(false);
  if (is_query(op)) req.forward = r.boolean("ScanIndexForward").value_or(true);

  req.filter = read_legacy_filter(r, op);
  req.legacy_filter = req.filter.has_value();
  if (auto key = r.object("ExclusiveStartKey")) req.exclusive_start_key = read_start_key(*key);
  if (!is_query(op)) req.segment = read_segment(r);
  if (is_query(op) && !r.has("KeyConditions") && !r.has("KeyConditionExpression")) {
    throw ApiError::validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request.");
  }

  // The expressions, in the order DynamoDB parses them; placeholders left unused by all of
  // them are refused before the key condition's shape is looked at.
  req.exprs = read_expression_context(r);
  std::optional<expr::Condition> key_condition;
  if (auto text = r.string("KeyConditionExpression")) {
    key_condition = expr::parse_condition(*text, expr::ExpressionKind::kKeyCondition, *req.exprs);
  }
  if (auto text = r.string("FilterExpression")) {
    req.filter = expr::parse_condition(*text, expr::ExpressionKind::kFilter, *req.exprs);
  }
  req.projection = read_projection(r, *req.exprs);
  req.exprs->check_all_used();

  if (key_condition) {
    req.key_terms = expr::key_terms_from_expression(*key_condition);
  } else if (auto entries = r.object("KeyConditions")) {
    req.key_terms = expr::key_terms_from_legacy(read_legacy_conditions(*entries));
  }
  return req;
}

}  // namespace cairn::api
