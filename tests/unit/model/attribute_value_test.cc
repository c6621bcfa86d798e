#include "model/attribute_value.h"

#include <gtest/gtest.h>

namespace cairn {
namespace {

TEST(TypeName, EveryDescriptorParsesBackToItsType) {
  for (AttrType t : {AttrType::S, AttrType::N, AttrType::B, AttrType::BOOL, AttrType::NUL,
                     AttrType::M, AttrType::L, AttrType::SS, AttrType::NS, AttrType::BS}) {
    AttrType parsed = AttrType::S;
    ASSERT_TRUE(parse_type_name(type_name(t), parsed)) << type_name(t);
    EXPECT_EQ(parsed, t);
  }
}

TEST(TypeName, AnythingElseIsNoDescriptor) {
  for (std::string_view name :
       {"", "s", "X", "SSS", "LS", "MS", "BOOLEAN", "NUL", "BOOl", "NULl", "NILL", "SOOL", "BS "}) {
    AttrType parsed = AttrType::M;
    EXPECT_FALSE(parse_type_name(name, parsed)) << name;
    EXPECT_EQ(parsed, AttrType::M);  // left alone
  }
}

}  // namespace
}  // namespace cairn
