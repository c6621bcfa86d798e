#include "api/arn_page_token.h"

#include <gtest/gtest.h>

namespace cairn::api {
namespace {

TEST(ArnPageToken, ATokenHasTheShapeDynamoDbGivesAndNamesItsArn) {
  const std::string arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/import/1-2";
  const std::string token = arn_page_token(arn);
  EXPECT_GE(token.size(), 112u);
  EXPECT_EQ(token.size() % 16, 0u);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(arn_of_page_token(token), arn);
  const std::string long_arn(300, 'a');
  EXPECT_EQ(arn_of_page_token(arn_page_token(long_arn)), long_arn);
}

TEST(ArnPageToken, OtherTextIsNoToken) {
  EXPECT_FALSE(arn_of_page_token("00ff"));
  EXPECT_FALSE(arn_of_page_token(std::string(112, 'g')));
  EXPECT_FALSE(arn_of_page_token(std::string(113, '0')));
}

}  // namespace
}  // namespace cairn::api
