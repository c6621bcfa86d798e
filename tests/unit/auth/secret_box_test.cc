#include "auth/secret_box.h"

#include <gtest/gtest.h>

namespace cairn::auth {
namespace {

TEST(SecretBox, SealsAndOpensAndFindsTampering) {
  const std::string key(32, 'k');
  const std::string box = seal(key, "the secret");
  EXPECT_EQ(box.find("the secret"), std::string::npos);
  EXPECT_EQ(open_sealed(key, box), "the secret");
  EXPECT_NE(seal(key, "the secret"), box);  // a fresh nonce each time
  std::string changed = box;
  changed[15] ^= 1;
  EXPECT_EQ(open_sealed(key, changed), std::nullopt);
  EXPECT_EQ(open_sealed(std::string(32, 'x'), box), std::nullopt);
  EXPECT_EQ(open_sealed(key, "short"), std::nullopt);
}

}  // namespace
}  // namespace cairn::auth
