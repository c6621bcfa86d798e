#include "api/import_format.h"

#include <gtest/gtest.h>

#include "model/api_error.h"

namespace cairn::api {
namespace {

backup::ImportRecord csv_import(std::string delimiter = "",
                                std::optional<std::vector<std::string>> headers = std::nullopt) {
  backup::ImportRecord r;
  r.input_format = "CSV";
  r.csv_delimiter = std::move(delimiter);
  r.csv_header_list = std::move(headers);
  r.table.attribute_definitions = {{"pk", AttrType::S}, {"n", AttrType::N}, {"b", AttrType::B}};
  return r;
}

TEST(ImportFormat, DynamoDbJsonLinesAreItemsWithEveryValueChecked) {
  backup::ImportRecord r;
  r.input_format = "DYNAMODB_JSON";
  const auto parser = ImportInputFormat().parser(r);
  const auto item = parser->parse(R"({"Item":{"pk":{"S":"a"},"n":{"N":"01.50"}}})");
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->at("pk").scalar, "a");
  EXPECT_EQ(item->at("n").scalar, "1.5");
  EXPECT_THROW(parser->parse("{not json"), ApiError);
  EXPECT_THROW(parser->parse(R"({"pk":{"S":"a"}})"), ApiError);  // no Item
  EXPECT_THROW(parser->parse(R"({"Item":{"s":{"SS":[]}}})"), ApiError);
  EXPECT_THROW(parser->parse(R"({"Item":{"n":{"N":"x"}}})"), ApiError);
}

TEST(ImportFormat, CsvReadsItsHeaderThenTypesKeyColumnsAndQuotes) {
  const auto parser = ImportInputFormat().parser(csv_import());
  EXPECT_FALSE(parser->parse("pk,n,b,note").has_value());
  const auto item = parser->parse(R"(a,007,eHk=,"x, ""y""")");
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->at("pk").type, AttrType::S);
  EXPECT_EQ(item->at("n").type, AttrType::N);
  EXPECT_EQ(item->at("n").scalar, "7");
  EXPECT_EQ(item->at("b").type, AttrType::B);
  EXPECT_EQ(item->at("b").scalar, "xy");
  EXPECT_EQ(item->at("note").scalar, "x, \"y\"");
  const auto sparse = parser->parse("a,,,");
  ASSERT_TRUE(sparse.has_value());
  EXPECT_EQ(sparse->size(), 1u);                              // empty fields are no attributes
  EXPECT_THROW(parser->parse("a,1"), ApiError);               // too few fields
  EXPECT_THROW(parser->parse("a,not a number,,"), ApiError);  // N key column
  EXPECT_THROW(parser->parse("a,1,!!,x"), ApiError);          // B key column
  EXPECT_THROW(parser->parse(R"(a,1,,"open)"), ApiError);     // an unclosed quote
  EXPECT_THROW(parser->parse(R"(a,1,,say "hi")"), ApiError);  // a bare quote
}

TEST(ImportFormat, CsvWithAHeaderListReadsItsFirstLineAsDataAndTakesADelimiter) {
  const auto parser = ImportInputFormat().parser(csv_import("|", {{"pk", "n"}}));
  const auto item = parser->parse("a|1");
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->at("n").scalar, "1");
  // Each object gets a parser of its own: a header is read per object.
  const auto next = ImportInputFormat().parser(csv_import());
  EXPECT_FALSE(next->parse("pk").has_value());
}

}  // namespace
}  // namespace cairn::api
