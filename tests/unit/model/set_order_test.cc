#include "model/set_order.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "model/number.h"

namespace cairn {
namespace {

TEST(SetOrder, StringsAndBinariesSortAsUnsignedBytes) {
  std::vector<std::string> members = {"b", "\xff", "a", "\x7f", "aa", "B", "\x80", "ab"};
  sort_set_members(AttrType::BS, members);
  EXPECT_EQ(members, (std::vector<std::string>{"B", "a", "aa", "ab", "b", "\x7f", "\x80", "\xff"}));
  std::vector<std::string> strings = {"\xf0\x9f\x98\x80", "\xef\xbf\xbd", "z", "10", "9"};
  sort_set_members(AttrType::SS, strings);
  EXPECT_EQ(strings,
            (std::vector<std::string>{"10", "9", "z", "\xef\xbf\xbd", "\xf0\x9f\x98\x80"}));
}

TEST(SetOrder, NumbersSortByValue) {
  std::vector<std::string> members = {"10",   "-5", "100",  "2",    "-1.5", "0.001", "0.03",
                                      "-100", "0",  "-0.5", "1.25", "1.3",  "-1.25", "0.1"};
  sort_set_members(AttrType::NS, members);
  EXPECT_EQ(members, (std::vector<std::string>{"-100", "-5", "-1.5", "-1.25", "-0.5", "0", "0.001",
                                               "0.03", "0.1", "1.25", "1.3", "2", "10", "100"}));
}

TEST(SetOrder, CanonicalComparisonAgreesWithTheValues) {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> digit(0, 9), length(1, 6), exponent(-8, 8), sign(0, 1);
  for (int round = 0; round < 5000; ++round) {
    std::string texts[2];
    for (auto& t : texts) {
      if (sign(random)) t += '-';
      for (int i = length(random); i > 0; --i) t += static_cast<char>('0' + digit(random));
      t += "e" + std::to_string(exponent(random));
    }
    const Number a = Number::parse(texts[0]), b = Number::parse(texts[1]);
    EXPECT_EQ(Number::compare_canonical(a.to_string(), b.to_string()), a <=> b)
        << a.to_string() << " vs " << b.to_string();
  }
}

TEST(SetOrder, SortedSetsAreLeftAlone) {
  std::vector<std::string_view> members = {"-1", "0", "3"};
  const auto* first = members.data();
  sort_set_members(AttrType::NS, members);
  EXPECT_EQ(members.data(), first);
  EXPECT_EQ(members, (std::vector<std::string_view>{"-1", "0", "3"}));
}

}  // namespace
}  // namespace cairn
