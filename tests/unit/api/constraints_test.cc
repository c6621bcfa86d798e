#include "api/constraints.h"

#include <gtest/gtest.h>

#include "model/api_error.h"

namespace cairn::api {
namespace {

std::string message_of(const Constraints& c) {
  try {
    c.throw_if_any();
  } catch (const ApiError& e) {
    return std::string(e.message());
  }
  return "";
}

TEST(Constraints, NothingToReportThrowsNothing) {
  Constraints c;
  c.table_name(std::string_view("good_name"));
  EXPECT_NO_THROW(c.throw_if_any());
}

TEST(Constraints, CollectsEveryFailureInOneMessage) {
  Constraints c;
  c.table_name(std::nullopt);
  c.one_of("X", "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"});
  EXPECT_EQ(message_of(c),
            "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: "
            "Member must not be null; Value 'X' at 'billingMode' failed to satisfy constraint: "
            "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
}

TEST(Constraints, AHugeEchoedValueIsCutSoTheConstraintSurvives) {
  Constraints c;
  // 3000 two-byte characters: cut at 2048 bytes, on a character boundary.
  std::string huge;
  for (int i = 0; i < 3000; ++i) huge += "\xc3\xa9";
  c.fail(huge, "requestItems", "Member must have length less than or equal to 25");
  const std::string m = message_of(c);
  EXPECT_EQ(m, "1 validation error detected: Value '" + huge.substr(0, 2048) +
                   "...' at 'requestItems' failed to satisfy constraint: Member must have length "
                   "less than or equal to 25");
  Constraints small;
  small.fail(std::string(2048, 'a'), "f", "c");
  EXPECT_EQ(message_of(small), "1 validation error detected: Value '" + std::string(2048, 'a') +
                                   "' at 'f' failed to satisfy constraint: c");
}

TEST(Constraints, TableNameLengthAndPattern) {
  Constraints c;
  c.table_name(std::string_view("a!"));
  EXPECT_EQ(message_of(c),
            "2 validation errors detected: Value 'a!' at 'tableName' failed to satisfy constraint: "
            "Member must have length greater than or equal to 3; Value 'a!' at 'tableName' failed "
            "to satisfy constraint: Member must satisfy regular expression pattern: "
            "[a-zA-Z0-9_.-]+");
}

}  // namespace
}  // namespace cairn::api
