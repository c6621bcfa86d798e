#include "net/cors_policy.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace cairn::net {
namespace {

TEST(CorsPolicyTest, LoopbackGrantsPagesFromThisMachineOnly) {
  const CorsPolicy policy;
  for (const char* origin : {"http://localhost", "http://localhost:3000", "https://127.0.0.1:8443",
                             "http://[::1]", "http://[::1]:5173"}) {
    EXPECT_TRUE(policy.allows(origin)) << origin;
  }
  for (const char* origin :
       {"https://example.com", "http://localhost.evil.example", "http://127.0.0.1.nip.io", "null",
        "file://", "http://localhost/path", "ftp://localhost", "", "http://[::1"}) {
    EXPECT_FALSE(policy.allows(origin)) << origin;
  }
  EXPECT_FALSE(policy.grants_any());
}

TEST(CorsPolicyTest, StarGrantsEveryPage) {
  const CorsPolicy policy("*");
  EXPECT_TRUE(policy.grants_any());
  EXPECT_TRUE(policy.allows("https://example.com"));
}

TEST(CorsPolicyTest, NoneGrantsNoPage) {
  const CorsPolicy policy("none");
  EXPECT_FALSE(policy.allows("http://localhost:3000"));
}

TEST(CorsPolicyTest, AListGrantsExactlyItsOrigins) {
  const CorsPolicy policy(" https://app.example.com ,http://localhost:3000");
  EXPECT_TRUE(policy.allows("https://app.example.com"));
  EXPECT_TRUE(policy.allows("http://localhost:3000"));
  EXPECT_FALSE(policy.allows("http://localhost:3001"));
  EXPECT_FALSE(policy.allows("http://app.example.com"));
}

TEST(CorsPolicyTest, AListEntryThatIsNoOriginIsRefused) {
  EXPECT_THROW(CorsPolicy("https://ok.example,example.com"), std::invalid_argument);
  EXPECT_THROW(CorsPolicy("https://a.example/path"), std::invalid_argument);
}

}  // namespace
}  // namespace cairn::net
