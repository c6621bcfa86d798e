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
