#include "auth/credential_store.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/auth_records.h"
#include "storage/rocksdb_store.h"

namespace cairn::auth {
namespace {

struct Store {
  Store() : store({"/credential-store-test-" + std::to_string(++instances), true, false}) {}
  static inline int instances = 0;
  storage::RocksDbStore store;
  engine::AuthRecords records{store};
};

TEST(CredentialStore, KeysSurviveAReopenWithTheirSecretsSealed) {
  Store s;
  std::string secret;
  {
    CredentialStore keys(s.records);
    NewAccessKey spec;
    spec.user_name = "ana";
    const AccessKey made = keys.create(spec);
    EXPECT_EQ(made.access_key_id.substr(0, 4), "AKIA");
    EXPECT_EQ(made.access_key_id.size(), 20u);
    EXPECT_EQ(made.secret.size(), 40u);
    secret = made.secret;
    NewAccessKey temporary;
    temporary.access_key_id = "ASIATEMP";
    temporary.lifetime_seconds = 900;
    const AccessKey t = keys.create(temporary);
    EXPECT_FALSE(t.session_token.empty());
    EXPECT_GT(t.expires_ms, t.created_ms);
  }
  for (const auto& [name, record] : s.records.all()) {
    EXPECT_EQ(record.find(secret), std::string::npos) << name;
  }
  CredentialStore reopened(s.records);
  const auto listed = reopened.list();
  ASSERT_EQ(listed.size(), 2u);
  for (const auto& key : listed) EXPECT_TRUE(key.secret.empty() && key.session_token.empty());
  const auto found = reopened.find(listed[0].access_key_id);  // "AKIA..." < "ASIATEMP"
  ASSERT_TRUE(found);
  EXPECT_EQ(found->secret, secret);
  EXPECT_EQ(found->user_name, "ana");
  EXPECT_FALSE(reopened.find("ASIATEMP")->session_token.empty());
}

TEST(CredentialStore, DisableRotateDeleteAndSeed) {
  Store s;
  CredentialStore keys(s.records);
  NewAccessKey spec;
  spec.access_key_id = "AKIDONE";
  spec.secret = "one";
  spec.account_id = "111122223333";
  keys.create(spec);
  EXPECT_THROW(keys.create(spec), std::invalid_argument);
  spec.access_key_id = "bad id!";
  EXPECT_THROW(keys.create(spec), std::invalid_argument);

  EXPECT_TRUE(keys.set_active("AKIDONE", false));
  EXPECT_FALSE(keys.find("AKIDONE")->active);
  EXPECT_FALSE(keys.set_active("NOPE", true));

  const auto fresh = keys.rotate("AKIDONE");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->account_id, "111122223333");
  EXPECT_TRUE(keys.find(fresh->access_key_id)->active);

  EXPECT_TRUE(keys.remove("AKIDONE"));
  EXPECT_FALSE(keys.find("AKIDONE"));
  EXPECT_FALSE(CredentialStore(s.records).find("AKIDONE"));

  keys.seed("AKIDCI", "first", "000000000000", "ci");
  keys.seed("AKIDCI", "second", "000000000000", "ci");
  EXPECT_EQ(CredentialStore(s.records).find("AKIDCI")->secret, "second");
}

}  // namespace
}  // namespace cairn::auth
