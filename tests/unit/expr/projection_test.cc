#include "expr/projection.h"

#include <gtest/gtest.h>

#include <string>

#include "expr/parser.h"
#include "expr_test_util.h"

namespace cairn::expr {
namespace {

using namespace testing;  // NOLINT: the value shorthands

Item sample() {
  return item(
      {{"p", S("k")},
       {"a", M({{"b", L({N("2"), N("4"), M({{"x", S("hi")}, {"y", S("yo")}})})}, {"c", N("5")}})},
       {"b", S("hello")},
       {"a.b", S("dotted")},
       {"l", L({N("7"), N("42")})},
       {"w", L({S("w"), S("x"), S("y"), S("z")})}});
}

Item project(const std::string& text, const Item& target = sample()) {
  ExpressionContext ctx(NameMap{{"#n", "a"}, {"#dot", "a.b"}}, std::nullopt);
  return apply_projection(parse_projection(text, ctx), target);
}

struct Case {
  const char* text;
  Item expected;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.text;
}

class Project : public ::testing::TestWithParam<Case> {};

TEST_P(Project, KeepsTheNestedStructure) {
  EXPECT_EQ(project(GetParam().text), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    TopLevel, Project,
    ::testing::Values(Case{"b", item({{"b", S("hello")}})},
                      Case{"p, b", item({{"p", S("k")}, {"b", S("hello")}})},
                      Case{" b  ,   p  ", item({{"p", S("k")}, {"b", S("hello")}})},
                      Case{"nonexistent", Item{}}, Case{"#dot", item({{"a.b", S("dotted")}})},
                      Case{"#n.c", item({{"a", M({{"c", N("5")}})}})},
                      Case{"a", item({{"a", sample().at("a")}})}));

INSTANTIATE_TEST_SUITE_P(
    Nested, Project,
    ::testing::Values(Case{"a.b", item({{"a", M({{"b", sample().at("a").map.at("b")}})}})},
                      Case{"a.b[0]", item({{"a", M({{"b", L({N("2")})}})}})},
                      Case{"a.b[2]",
                           item({{"a", M({{"b", L({M({{"x", S("hi")}, {"y", S("yo")}})})}})}})},
                      Case{"a.b[2].y", item({{"a", M({{"b", L({M({{"y", S("yo")}})})}})}})},
                      Case{"a.b[0],a.b[1]", item({{"a", M({{"b", L({N("2"), N("4")})}})}})},
                      Case{"a.b[1],a.b[0]", item({{"a", M({{"b", L({N("2"), N("4")})}})}})},
                      Case{"a.b[0],a.c", item({{"a", M({{"b", L({N("2")})}, {"c", N("5")}})}})},
                      Case{"a.c,b", item({{"a", M({{"c", N("5")}})}, {"b", S("hello")}})},
                      Case{"a.x, a.b[0], x, a.b[3].x", item({{"a", M({{"b", L({N("2")})}})}})},
                      Case{"w[3], w[1]", item({{"w", L({S("x"), S("z")})}})},
                      Case{"w[0], w[2], w[9]", item({{"w", L({S("w"), S("y")})}})},
                      Case{"l[0]", item({{"l", L({N("7")})}})},
                      Case{"l[1]", item({{"l", L({N("42")})}})},
                      Case{"a.b[2].x, a.b[2].y",
                           item({{"a", M({{"b", L({M({{"x", S("hi")}, {"y", S("yo")}})})}})}})}));

INSTANTIATE_TEST_SUITE_P(SelectingNothing, Project,
                         ::testing::Values(Case{"x", Item{}}, Case{"a.b[3]", Item{}},
                                           Case{"a.x", Item{}}, Case{"a.x.y", Item{}},
                                           Case{"a.b[3].x", Item{}}, Case{"a.b.x", Item{}},
                                           Case{"a[0]", Item{}}, Case{"a.b[0].x", Item{}},
                                           Case{"a.b[0][0]", Item{}}, Case{"l[2]", Item{}},
                                           Case{"l[999]", Item{}}, Case{"b.x", Item{}},
                                           Case{"b[0]", Item{}}));

TEST(ProjectPaths, EmptyItemAndNoPaths) {
  EXPECT_EQ(project("a.b", Item{}), Item{});
  EXPECT_EQ(project_paths(sample(), {}), Item{});
}

TEST(ProjectPaths, OverlappingPathsBuiltInCodeKeepTheWholeValue) {
  // The parser refuses overlaps; trees built in code may still contain them.
  const std::vector<Path> paths = {Path::attribute("a").field("b").index(0), Path::attribute("a"),
                                   Path::attribute("a").field("c")};
  EXPECT_EQ(project_paths(sample(), paths), item({{"a", sample().at("a")}}));
}

TEST(ProjectPaths, AttributesToGetAreOneElementPaths) {
  const std::vector<Path> paths = {Path::attribute("a.b"), Path::attribute("b"),
                                   Path::attribute("missing")};
  EXPECT_EQ(project_paths(sample(), paths), item({{"a.b", S("dotted")}, {"b", S("hello")}}));
}

}  // namespace
}  // namespace cairn::expr
