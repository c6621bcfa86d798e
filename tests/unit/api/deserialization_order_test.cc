#include "api/deserialization_order.h"

#include <gtest/gtest.h>

#include <string>

namespace cairn::api {
namespace {

// The message of the serialization error found in a request, or "" for none.
std::string found_in(const std::string& json) {
  simdjson::dom::parser parser;
  const auto error = serialization_error_in(parser.parse(json).get_object().value());
  return error ? std::string(error->message()) + "|" : "";
}

TEST(DeserializationOrder, FindsWronglyTypedValuesWhereverTheyAre) {
  EXPECT_NE(found_in(R"({"Key":{"a":"x"}})"), "");
  EXPECT_NE(found_in(R"({"Item":{"a":{"L":{}}}})"), "");
  EXPECT_NE(found_in(R"({"ExpressionAttributeValues":{":v":[1]}})"), "");
  EXPECT_NE(found_in(R"({"Expected":{"a":{"AttributeValueList":[{"N":5}]}}})"), "");
  EXPECT_NE(found_in(R"({"RequestItems":{"t":{"Keys":[{"k":{"S":1}}]}}})"), "");
  EXPECT_NE(found_in(R"({"RequestItems":{"t":[{"PutRequest":{"Item":{"k":true}}}]}})"), "");
  EXPECT_NE(found_in(R"({"TransactItems":[{"Get":{"Key":{"k":{"SS":"x"}}}}]})"), "");
}

TEST(DeserializationOrder, LeavesSemanticErrorsAndOtherMembersAlone) {
  EXPECT_EQ(found_in(R"({"Key":{"a":{"N":"abc"}},"Item":{"s":{"SS":[]}}})"), "");
  EXPECT_EQ(found_in(R"({"TableName":"t","Limit":0,"Tags":[{"Key":"k","Value":"v"}]})"), "");
  EXPECT_EQ(found_in(R"({"Expected":{"Item":{"Value":{"S":"x"}}},"Item":{"Key":{"S":"x"}}})"), "");
  EXPECT_EQ(found_in(R"({"RequestItems":{"t":{"Keys":[{"k":{"S":"a"}}],)"
                     R"("ExpressionAttributeNames":{"#k":"Key"}}}})"),
            "");
}

TEST(DeserializationOrder, OnlyValidationAndMissingResourcesAreFoundLater) {
  EXPECT_TRUE(found_after_deserialization(ApiError::validation("x")));
  EXPECT_TRUE(found_after_deserialization(ApiError::item_table_not_found()));
  EXPECT_FALSE(found_after_deserialization(ApiError::conditional_check_failed()));
  EXPECT_FALSE(found_after_deserialization(ApiError::serialization("x")));
}

}  // namespace
}  // namespace cairn::api
