#include "auth/policy.h"

#include <gtest/gtest.h>

namespace cairn::auth {
namespace {

AccessRequest request(std::string action, std::string resource,
                      std::map<std::string, std::vector<std::string>> context = {}) {
  AccessRequest r;
  r.principal_arn = "arn:aws:iam::123456789012:user/ana";
  r.principal_account = "123456789012";
  r.action = std::move(action);
  r.resource = std::move(resource);
  r.context = std::move(context);
  r.context["aws:username"] = {"ana"};
  return r;
}

Decision decide(std::string_view policy, const AccessRequest& r) {
  const Policy p = Policy::parse(policy);
  return evaluate({&p}, r);
}

constexpr std::string_view kGameScores = "arn:aws:dynamodb:us-west-2:123456789012:table/GameScores";

// The DynamoDB developer guide's fine-grained access example: a user touches only the items
// whose partition key is their own id.
TEST(Policy, LeadingKeysLimitAUserToTheirOwnPartition) {
  constexpr std::string_view kPolicy = R"({
    "Version": "2012-10-17",
    "Statement": [{
      "Sid": "AllowAccessToOnlyItemsMatchingUserID",
      "Effect": "Allow",
      "Action": ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
                 "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                 "dynamodb:BatchWriteItem"],
      "Resource": ["arn:aws:dynamodb:us-west-2:123456789012:table/GameScores"],
      "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:username}"]}}
    }]})";
  std::string resource(kGameScores);
  EXPECT_EQ(
      decide(kPolicy, request("dynamodb:GetItem", resource, {{"dynamodb:leadingkeys", {"ana"}}})),
      Decision::kAllow);
  EXPECT_EQ(
      decide(kPolicy, request("dynamodb:GetItem", resource, {{"dynamodb:leadingkeys", {"bo"}}})),
      Decision::kImplicitDeny);
  // A batch is allowed only when every key is the user's.
  EXPECT_EQ(decide(kPolicy, request("dynamodb:BatchWriteItem", resource,
                                    {{"dynamodb:leadingkeys", {"ana", "bo"}}})),
            Decision::kImplicitDeny);
  // Not listed: Scan, and another table.
  EXPECT_EQ(decide(kPolicy, request("dynamodb:Scan", resource)), Decision::kImplicitDeny);
  EXPECT_EQ(decide(kPolicy, request("dynamodb:GetItem", resource + "2",
                                    {{"dynamodb:leadingkeys", {"ana"}}})),
            Decision::kImplicitDeny);
}

// The guide's attribute example: only some attributes, and Select must be specific.
TEST(Policy, AttributesLimitProjectionsAndUpdates) {
  constexpr std::string_view kPolicy = R"({
    "Version": "2012-10-17",
    "Statement": [{
      "Effect": "Allow",
      "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem"],
      "Resource": "arn:aws:dynamodb:us-west-2:123456789012:table/GameScores",
      "Condition": {
        "ForAllValues:StringEquals": {
          "dynamodb:Attributes": ["UserId", "GameTitle", "TopScore"]},
        "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}
    }]})";
  std::string resource(kGameScores);
  EXPECT_EQ(decide(kPolicy, request("dynamodb:GetItem", resource,
                                    {{"dynamodb:attributes", {"UserId", "TopScore"}},
                                     {"dynamodb:select", {"SPECIFIC_ATTRIBUTES"}}})),
            Decision::kAllow);
  EXPECT_EQ(decide(kPolicy, request("dynamodb:GetItem", resource,
                                    {{"dynamodb:attributes", {"UserId", "Secret"}}})),
            Decision::kImplicitDeny);
  EXPECT_EQ(decide(kPolicy,
                   request("dynamodb:Query", resource, {{"dynamodb:select", {"ALL_ATTRIBUTES"}}})),
            Decision::kImplicitDeny);
}

// IAM's evaluation logic: an explicit deny overrides any allow; nothing allowed is denied.
TEST(Policy, AnExplicitDenyWinsAndDefaultIsDeny) {
  const Policy allow_all = Policy::parse(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"}})");
  const Policy deny_delete = Policy::parse(
      R"({"Statement":[{"Effect":"Deny","Action":"dynamodb:Delete*","Resource":"arn:aws:dynamodb:*:*:table/Game*"}]})");
  std::string resource(kGameScores);
  EXPECT_EQ(evaluate({&allow_all}, request("dynamodb:DeleteItem", resource)), Decision::kAllow);
  EXPECT_EQ(evaluate({&allow_all, &deny_delete}, request("dynamodb:DeleteItem", resource)),
            Decision::kExplicitDeny);
  EXPECT_EQ(evaluate({&allow_all, &deny_delete}, request("dynamodb:deletetable", resource)),
            Decision::kExplicitDeny);  // actions compare without case
  EXPECT_EQ(evaluate({&allow_all, &deny_delete}, request("dynamodb:GetItem", resource)),
            Decision::kAllow);
  EXPECT_EQ(evaluate({}, request("dynamodb:GetItem", resource)), Decision::kImplicitDeny);
  EXPECT_EQ(evaluate({&allow_all}, request("s3:GetObject", "arn:aws:s3:::b")),
            Decision::kImplicitDeny);
}

TEST(Policy, NotActionAndNotResource) {
  constexpr std::string_view kPolicy = R"({"Statement":[
    {"Effect":"Allow","NotAction":["dynamodb:Delete*","dynamodb:Update*"],
     "NotResource":"arn:aws:dynamodb:*:*:table/Secret"}]})";
  EXPECT_EQ(decide(kPolicy, request("dynamodb:GetItem", std::string(kGameScores))),
            Decision::kAllow);
  EXPECT_EQ(decide(kPolicy, request("dynamodb:DeleteItem", std::string(kGameScores))),
            Decision::kImplicitDeny);
  EXPECT_EQ(decide(kPolicy, request("dynamodb:GetItem", "arn:aws:dynamodb:x:1:table/Secret")),
            Decision::kImplicitDeny);
}

TEST(Policy, ConditionOperatorsAndMissingKeys) {
  auto allowed = [](std::string_view condition,
                    std::map<std::string, std::vector<std::string>> ctx) {
    const std::string policy =
        R"({"Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":)" +
        std::string(condition) + "}]}";
    return decide(policy, request("dynamodb:GetItem", "arn:t", std::move(ctx))) == Decision::kAllow;
  };
  EXPECT_TRUE(
      allowed(R"({"StringLike":{"aws:SourceIp":"10.*"}})", {{"aws:sourceip", {"10.1.2.3"}}}));
  EXPECT_TRUE(
      allowed(R"({"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}})", {{"aws:sourceip", {"10.1.2.3"}}}));
  EXPECT_FALSE(
      allowed(R"({"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}})", {{"aws:sourceip", {"11.0.0.1"}}}));
  // A missing key fails a positive operator, holds for a negated one and for IfExists.
  EXPECT_FALSE(allowed(R"({"StringEquals":{"aws:PrincipalTag/team":"a"}})", {}));
  EXPECT_TRUE(allowed(R"({"StringNotEquals":{"aws:PrincipalTag/team":"a"}})", {}));
  EXPECT_TRUE(allowed(R"({"StringEqualsIfExists":{"aws:PrincipalTag/team":"a"}})", {}));
  EXPECT_TRUE(allowed(R"({"Null":{"aws:PrincipalTag/team":"true"}})", {}));
  EXPECT_FALSE(
      allowed(R"({"Null":{"aws:PrincipalTag/team":"true"}})", {{"aws:principaltag/team", {"a"}}}));
  // ForAllValues holds without values; ForAnyValue does not.
  EXPECT_TRUE(allowed(R"({"ForAllValues:StringEquals":{"dynamodb:Attributes":["a"]}})", {}));
  EXPECT_FALSE(allowed(R"({"ForAnyValue:StringEquals":{"dynamodb:Attributes":["a"]}})", {}));
  EXPECT_TRUE(allowed(R"({"ForAnyValue:StringEquals":{"dynamodb:Attributes":["a"]}})",
                      {{"dynamodb:attributes", {"b", "a"}}}));
  // Values are OR-ed, keys and operators AND-ed; keys compare without case.
  EXPECT_TRUE(allowed(R"({"StringEquals":{"Dynamodb:Select":["COUNT","SPECIFIC_ATTRIBUTES"]}})",
                      {{"dynamodb:select", {"COUNT"}}}));
  EXPECT_FALSE(allowed(
      R"({"StringEquals":{"dynamodb:Select":"COUNT"},"Bool":{"aws:SecureTransport":"true"}})",
      {{"dynamodb:select", {"COUNT"}}, {"aws:securetransport", {"false"}}}));
  EXPECT_TRUE(allowed(R"({"NumericLessThanEquals":{"dynamodb:Limit":"10"}})",
                      {{"dynamodb:limit", {"10"}}}));
  EXPECT_TRUE(allowed(R"({"DateLessThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}})",
                      {{"aws:currenttime", {"2026-12-07T00:53:20Z"}}}));
  EXPECT_FALSE(allowed(R"({"DateGreaterThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}})",
                       {{"aws:currenttime", {"2026-12-07T00:53:20Z"}}}));
}

TEST(Policy, ResourcePoliciesNameTheirPrincipals) {
  constexpr std::string_view kPolicy = R"({"Statement":[{"Effect":"Allow",
    "Principal":{"AWS":"arn:aws:iam::123456789012:user/ana"},"Action":"dynamodb:GetItem",
    "Resource":"*"}]})";
  AccessRequest r = request("dynamodb:GetItem", std::string(kGameScores));
  EXPECT_EQ(decide(kPolicy, r), Decision::kAllow);
  r.principal_arn = "arn:aws:iam::123456789012:user/bo";
  EXPECT_EQ(decide(kPolicy, r), Decision::kImplicitDeny);
}

TEST(Policy, WildcardsAndVariables) {
  EXPECT_TRUE(
      wildcard_match("arn:aws:dynamodb:*:*:table/Game?cores", std::string(kGameScores), false));
  EXPECT_FALSE(wildcard_match("arn:aws:dynamodb:*:*:table/game*", std::string(kGameScores), false));
  EXPECT_TRUE(wildcard_match("DynamoDB:Get*", "dynamodb:GetItem", true));
  EXPECT_TRUE(wildcard_match("*", "", false));
  // ${*} is a literal '*'.
  EXPECT_EQ(decide(R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:t/${*}"}]})",
                   request("dynamodb:GetItem", "arn:t/*")),
            Decision::kAllow);
  EXPECT_EQ(decide(R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:t/${*}"}]})",
                   request("dynamodb:GetItem", "arn:t/x")),
            Decision::kImplicitDeny);
}

TEST(Policy, MalformedDocumentsAreRefused) {
  for (std::string_view bad :
       {"not json", R"({})", R"({"Statement":[]})",
        R"({"Statement":[{"Effect":"Maybe","Action":"*"}]})", R"({"Statement":[{"Action":"*"}]})",
        R"({"Statement":[{"Effect":"Allow"}]})",
        R"({"Version":"2020-01-01","Statement":[{"Effect":"Allow","Action":"*"}]})",
        R"({"Statement":[{"Effect":"Allow","Action":"*","Condition":{"Sometimes":{"a":"b"}}}]})",
        R"({"Statement":[{"Effect":"Allow","Action":"*","Colour":"red"}]})"}) {
    EXPECT_THROW(Policy::parse(bad), PolicyError) << bad;
  }
}

}  // namespace
}  // namespace cairn::auth
