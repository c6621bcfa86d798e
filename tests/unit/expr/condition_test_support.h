// The expression context and the parse helper shared by the condition parser's tests.
#pragma once

#include <string>

#include "expr/parser.h"
#include "expr_test_util.h"

namespace cairn::expr {

using namespace testing;  // NOLINT: the value shorthands

// The placeholders every condition case may use.
inline ExpressionContext make_context() {
  NameMap names = {{"#n", "n"}, {"#a", "and"}, {"#x", "x.y"}};
  Item values = item({{":s", S("hello")},
                      {":s2", S("world")},
                      {":n", N("1")},
                      {":n2", N("2")},
                      {":b", B("abc")},
                      {":b2", B(std::string("\xff\x01", 2))},
                      {":l", L({N("1")})},
                      {":m", M({{"k", S("v")}})},
                      {":ss", SS({"x"})},
                      {":ns", NS({"1"})},
                      {":bs", BS({"z"})},
                      {":bool", Bool(true)},
                      {":null", Null()},
                      {":t", S("N")},
                      {":bad", S("DOG")}});
  return ExpressionContext(std::move(names), std::move(values));
}

inline std::string parse_message(const std::string& text,
                                 ExpressionKind kind = ExpressionKind::kCondition) {
  ExpressionContext ctx = make_context();
  return validation_message([&] { parse_condition(text, kind, ctx); });
}

}  // namespace cairn::expr
