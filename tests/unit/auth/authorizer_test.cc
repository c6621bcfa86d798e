#include "auth/authorizer.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/auth_records.h"
#include "model/api_error.h"
#include "storage/rocksdb_store.h"

namespace cairn::auth {
namespace {

constexpr std::string_view kTable = "arn:aws:dynamodb:us-east-1:111122223333:table/Books";

struct Fixture {
  Fixture() : db({"/authorizer-test-" + std::to_string(++instances), true, false}) {}
  static inline int instances = 0;
  storage::RocksDbStore db;
  engine::AuthRecords records{db};
  PolicyStore store{records};
  Authorizer authorizer{store};

  Principal user(std::string name) {
    Principal p;
    p.account_id = "111122223333";
    p.user_name = std::move(name);
    p.anonymous = false;
    return p;
  }
  // The refusal's message, or "" when allowed.
  std::string ask(const Principal& who, std::string action,
                  std::string resource = std::string(kTable),
                  std::map<std::string, std::vector<std::string>> context = {}) {
    const Subject subject = authorizer.subject(who, {"10.1.2.3", false});
    AccessRequest request{{}, {}, std::move(action), std::move(resource), std::move(context)};
    try {
      authorizer.require(subject, request, kTable);
      return "";
    } catch (const ApiError& e) {
      EXPECT_EQ(e.type(), ErrorType::kAccessDenied);
      return std::string(e.message());
    }
  }
};

TEST(Authorizer, DefaultDenyNamesWhoWhatAndWhy) {
  Fixture f;
  EXPECT_EQ(f.ask(f.user("ana"), "dynamodb:GetItem"),
            "User: arn:aws:iam::111122223333:user/ana is not authorized to perform: "
            "dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:111122223333:table/Books "
            "because no identity-based policy allows the dynamodb:GetItem action");
  EXPECT_EQ(f.ask(f.user("ana"), "dynamodb:ListTables", "*"),
            "User: arn:aws:iam::111122223333:user/ana is not authorized to perform: "
            "dynamodb:ListTables because no identity-based policy allows the "
            "dynamodb:ListTables action");
}

TEST(Authorizer, TheRootUserNeedsNoPolicyButAResourcePolicyDenyHoldsForIt) {
  Fixture f;
  EXPECT_EQ(f.ask(f.user("root"), "dynamodb:DeleteTable"), "");
  ASSERT_TRUE(std::holds_alternative<std::string>(f.store.put_resource_policy(
      kTable,
      R"({"Statement":{"Effect":"Deny","Principal":"*","Action":"dynamodb:DeleteTable",
          "Resource":"*"}})",
      std::nullopt)));
  EXPECT_EQ(f.ask(f.user("root"), "dynamodb:DeleteTable"),
            "User: arn:aws:iam::111122223333:root is not authorized to perform: "
            "dynamodb:DeleteTable on resource: arn:aws:dynamodb:us-east-1:111122223333:table/Books "
            "with an explicit deny in a resource-based policy");
}

// IAM's evaluation logic within one account: an allow in either the identity policy or the
// resource policy suffices; an explicit deny in either wins.
TEST(Authorizer, IdentityAndResourcePoliciesCombineAsInOneAccount) {
  Fixture f;
  f.store.put_user_policy("111122223333", "ana", "read",
                          R"({"Statement":[{"Effect":"Allow","Action":"dynamodb:Get*",
                              "Resource":"arn:aws:dynamodb:*:*:table/Books"},
                             {"Effect":"Deny","Action":"dynamodb:GetRecords","Resource":"*"}]})");
  EXPECT_EQ(f.ask(f.user("ana"), "dynamodb:GetItem"), "");
  EXPECT_NE(f.ask(f.user("ana"), "dynamodb:PutItem"), "");
  EXPECT_NE(f.ask(f.user("ana"), "dynamodb:GetRecords").find("explicit deny in an identity-based"),
            std::string::npos);
  // A resource policy naming ana grants what her identity policy does not.
  f.store.put_resource_policy(
      kTable,
      R"({"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/ana"},
          "Action":"dynamodb:PutItem","Resource":"arn:aws:dynamodb:us-east-1:111122223333:table/Books"}})",
      std::nullopt);
  EXPECT_EQ(f.ask(f.user("ana"), "dynamodb:PutItem"), "");
  EXPECT_NE(f.ask(f.user("bo"), "dynamodb:PutItem"), "");
  // The identity policy's deny still wins over the resource policy's allow.
  f.store.put_resource_policy(
      kTable,
      R"({"Statement":{"Effect":"Allow","Principal":"*","Action":"dynamodb:*","Resource":"*"}})",
      std::nullopt);
  EXPECT_NE(f.ask(f.user("ana"), "dynamodb:GetRecords"), "");
  EXPECT_EQ(f.ask(f.user("bo"), "dynamodb:Scan"), "");
}

TEST(Authorizer, GlobalConditionKeysDescribeTheRequest) {
  Fixture f;
  f.store.put_user_policy(
      "111122223333", "ana", "p",
      R"({"Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{
          "IpAddress":{"aws:SourceIp":"10.0.0.0/8"},
          "Bool":{"aws:SecureTransport":"false"},
          "StringEquals":{"aws:username":"ana","aws:PrincipalTag/Team":"blue"},
          "DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}}})");
  EXPECT_NE(f.ask(f.user("ana"), "dynamodb:GetItem"), "");  // no tag yet
  f.store.set_user_tags("111122223333", "ana", {{"Team", "blue"}});
  EXPECT_EQ(f.ask(f.user("ana"), "dynamodb:GetItem"), "");
}

TEST(PolicyStore, PoliciesAndRevisionsSurviveAReopen) {
  Fixture f;
  f.store.put_user_policy("111122223333", "ana", "p",
                          R"({"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})");
  f.store.set_user_tags("111122223333", "ana", {{"k", "v"}});
  auto first = std::get<std::string>(f.store.put_resource_policy(
      kTable, R"({"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}})",
      std::optional<std::string>("NO_POLICY")));
  EXPECT_THROW(f.store.put_user_policy("111122223333", "ana", "bad", "{}"), PolicyError);
  EXPECT_THROW(f.store.put_user_policy("111122223333", "a/b", "p", "{}"), PolicyError);

  PolicyStore reopened(f.records);
  auto ana = reopened.user("111122223333", "ana");
  ASSERT_TRUE(ana);
  ASSERT_EQ(ana->policies.size(), 1u);
  EXPECT_EQ(ana->policies[0].name, "p");
  EXPECT_EQ(ana->tags.at("k"), "v");
  ASSERT_TRUE(reopened.resource_policy(kTable));
  EXPECT_EQ(reopened.resource_policy(kTable)->revision_id, first);
  // A later revision compares greater, even after a reopen.
  auto second = std::get<std::string>(reopened.put_resource_policy(
      kTable, R"({"Statement":{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}})",
      first));
  EXPECT_GT(second, first);
  auto mismatch = std::get<RevisionMismatch>(reopened.delete_resource_policy(kTable, first));
  EXPECT_EQ(mismatch.current, second);
  reopened.forget_table(kTable);
  EXPECT_FALSE(reopened.resource_policy(kTable));
  EXPECT_FALSE(reopened.has_resource_policies());
  // Policy records are not mistaken for access keys.
  EXPECT_TRUE(reopened.delete_user_policy("111122223333", "ana", "p"));
}

}  // namespace
}  // namespace cairn::auth
