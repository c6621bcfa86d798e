#include "expr/context.h"

#include <gtest/gtest.h>

#include "expr/parser.h"
#include "expr/reserved_words.h"
#include "expr_test_util.h"

namespace cairn::expr {
namespace {

using namespace testing;  // NOLINT: the value shorthands

std::string validate_message(std::optional<NameMap> names, std::optional<Item> values) {
  ExpressionContext ctx(std::move(names), std::move(values));
  return validation_message([&] { ctx.validate(); });
}

TEST(ExpressionContext, AbsentMapsAreValid) {
  EXPECT_EQ(validate_message(std::nullopt, std::nullopt), "");
  EXPECT_EQ(validate_message(NameMap{{"#a", "x"}, {"#_", "y"}, {"#1", "z"}},
                             item({{":a", N("1")}, {":_b9", S("x")}})),
            "");
}

TEST(ExpressionContext, EmptyMapsAreRefused) {
  EXPECT_EQ(validate_message(NameMap{}, std::nullopt),
            "ExpressionAttributeNames must not be empty");
  EXPECT_EQ(validate_message(std::nullopt, Item{}), "ExpressionAttributeValues must not be empty");
}

TEST(ExpressionContext, MalformedKeysAreSyntaxErrors) {
  EXPECT_EQ(validate_message(NameMap{{"#a-b", "x"}}, std::nullopt),
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"#a-b\"");
  EXPECT_EQ(validate_message(NameMap{{"a", "x"}}, std::nullopt),
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
  EXPECT_EQ(validate_message(NameMap{{"#", "x"}}, std::nullopt),
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"#\"");
  EXPECT_EQ(validate_message(NameMap{{":a", "x"}}, std::nullopt),
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \":a\"");
  EXPECT_EQ(validate_message(std::nullopt, item({{"v", N("1")}})),
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\"");
  EXPECT_EQ(validate_message(std::nullopt, item({{":v!", N("1")}})),
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \":v!\"");
  EXPECT_EQ(validate_message(std::nullopt, item({{":", N("1")}})),
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \":\"");
}

TEST(ExpressionContext, EmptyAttributeNameIsRefused) {
  EXPECT_EQ(validate_message(NameMap{{"#name", ""}}, std::nullopt),
            "ExpressionAttributeNames contains invalid value: Empty attribute name for key #name");
}

TEST(ExpressionContext, NamesAreCheckedBeforeValues) {
  EXPECT_EQ(validate_message(NameMap{}, Item{}), "ExpressionAttributeNames must not be empty");
}

TEST(ExpressionContext, ReportsUnusedNamesThenValues) {
  ExpressionContext ctx(NameMap{{"#a", "a"}, {"#b", "b"}, {"#c", "c"}},
                        item({{":v", N("1")}, {":w", N("2")}}));
  parse_condition("#a = :v", ExpressionKind::kCondition, ctx);
  EXPECT_EQ(validation_message([&] { ctx.check_all_used(); }),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #c}");
  parse_projection("#b, #c", ctx);
  EXPECT_EQ(validation_message([&] { ctx.check_all_used(); }),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
  parse_update("SET x = :w", ctx);
  EXPECT_EQ(validation_message([&] { ctx.check_all_used(); }), "");
}

TEST(ExpressionContext, ShortCircuitingNeverHidesAUse) {
  // Usage is recorded while parsing, so an OR that never evaluates its right side still
  // counts #name2 and :val2 as used.
  ExpressionContext ctx(NameMap{{"#name1", "a"}, {"#name2", "b"}},
                        item({{":val1", N("1")}, {":val2", N("2")}, {":val3", N("3")}}));
  parse_condition("#name1 = :val1 OR #name2 = :val2", ExpressionKind::kCondition, ctx);
  parse_update("SET #name1 = :val3", ctx);
  EXPECT_EQ(validation_message([&] { ctx.check_all_used(); }), "");
}

TEST(ExpressionContext, LooksUpPlaceholders) {
  ExpressionContext ctx(NameMap{{"#a", "x.y"}}, item({{":v", S("s")}}));
  ASSERT_NE(ctx.name("#a"), nullptr);
  EXPECT_EQ(*ctx.name("#a"), "x.y");
  EXPECT_EQ(ctx.name("#b"), nullptr);
  ASSERT_NE(ctx.value(":v"), nullptr);
  EXPECT_EQ(*ctx.value(":v"), S("s"));
  EXPECT_EQ(ctx.value(":w"), nullptr);
  EXPECT_TRUE(ctx.has_names());
  EXPECT_TRUE(ctx.has_values());
  ExpressionContext none;
  EXPECT_FALSE(none.has_names());
  EXPECT_EQ(none.name("#a"), nullptr);
  EXPECT_EQ(none.value(":v"), nullptr);
  EXPECT_NO_THROW(none.check_all_used());
}

TEST(ReservedWords, HasDynamoDbsWholeListCaseInsensitively) {
  EXPECT_EQ(reserved_word_count(), 573u);
  for (const char* w :
       {"ABORT", "abort",   "Name",   "name", "STATUS", "size",      "Comment", "ZONE",
        "and",   "between", "in",     "not",  "or",     "set",       "add",     "delete",
        "names", "value",   "values", "year", "date",   "timestamp", "user",    "data"}) {
    EXPECT_TRUE(is_reserved_word(w)) << w;
  }
  for (const char* w : {"a", "alnum", "remove", "sizes", "contains", "begins_with",
                        "attribute_exists", "if_not_exists", "list_append", "", "x_y"}) {
    EXPECT_FALSE(is_reserved_word(w)) << w;
  }
  EXPECT_FALSE(is_reserved_word(std::string(100, 'A')));
}

}  // namespace
}  // namespace cairn::expr
