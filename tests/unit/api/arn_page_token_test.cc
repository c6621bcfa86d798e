#include "api/arn_page_token.h"

#include <gtest/gtest.h>

#include "model/api_error.h"

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

TEST(ArnPageToken, PagesFollowTheirTokens) {
  const std::vector<std::string> arns = {"c", "b", "a"};
  const Page first = page_of(arns, std::nullopt, 2);
  EXPECT_EQ(first.begin, 0u);
  EXPECT_EQ(first.end, 2u);
  ASSERT_TRUE(first.next_token);
  const Page second = page_of(arns, *first.next_token, 2);
  EXPECT_EQ(second.begin, 2u);
  EXPECT_EQ(second.end, 3u);
  EXPECT_FALSE(second.next_token);
  EXPECT_THROW(page_of(arns, "00ff", 2), ApiError);
  EXPECT_THROW(page_of(arns, arn_page_token("gone"), 2), ApiError);
}

}  // namespace
}  // namespace cairn::api
