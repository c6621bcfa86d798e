// Constraints: DynamoDB's request-shape validation errors. Its front end checks every
// member against the API model (lengths, ranges, enums, patterns, required members) and
// reports all failures at once: "2 validation errors detected: Value null at 'tableName'
// failed to satisfy constraint: Member must not be null; Value '...' at ...".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/api_error.h"

namespace cairn::api {

class Constraints {
 public:
  // The member at field is missing.
  void not_null(std::string_view field);
  // value (shown quoted) at field failed constraint.
  void fail(std::string_view value, std::string_view field, std::string_view constraint);
  // The same in DynamoDB's newer shape, which some checks have moved to: the member named as
  // in the API ('Limit', 'RequestItems.t.member.Keys') and its value not echoed.
  void fail_unechoed(std::string_view field, std::string_view constraint);
  // Common checks; each records a failure and returns false when it does not hold.
  bool length_between(std::string_view value, std::string_view field, size_t min, size_t max);
  bool pattern(std::string_view value, std::string_view field, std::string_view pattern_text,
               bool (*char_ok)(char));
  bool one_of(std::string_view value, std::string_view field,
              const std::vector<std::string_view>& allowed);
  bool at_least(int64_t value, std::string_view field, int64_t min);
  bool at_most(int64_t value, std::string_view field, int64_t max);

  // The name of an existing table: 3 to 255 characters of [a-zA-Z0-9_.-]. Operations on an
  // existing table take a name or an ARN, so an empty one fails only the model's length of 1.
  void table_name(std::optional<std::string_view> name, std::string_view field = "tableName");
  // The same, where the operation also takes the table's ARN (the backup operations): an
  // "arn:" value is held to the model's 1 to 1024 characters only (and found, or not).
  void table_name_or_arn(std::optional<std::string_view> name,
                         std::string_view field = "tableName");
  // The name CreateTable gives a new table: 3 to 255 characters of [a-zA-Z0-9_.-] (a missing
  // one is refused before any constraint, by require_new_table_name).
  void new_table_name(std::string_view name, std::string_view field = "tableName");

  bool empty() const { return errors_.empty(); }
  // Throws the collected failures as one ValidationException, if any.
  void throw_if_any() const;

 private:
  std::vector<std::string> errors_;
};

bool is_table_name_char(char c);
// Whether name is a valid table name (3 to 255 of those characters): the rule new_table_name
// reports on, as a yes or no.
bool is_valid_table_name(std::string_view name);

// DynamoDB's words for a parameter that some operations check for before any member
// constraint. CreateTable without a TableName: "The parameter 'TableName' is required but
// was not present in the request".
ApiError missing_parameter(std::string_view parameter);
// BatchGetItem or BatchWriteItem with no requests in RequestItems: "The requestItems
// parameter is required for BatchGetItem".
ApiError missing_request_items(std::string_view operation);

}  // namespace cairn::api
