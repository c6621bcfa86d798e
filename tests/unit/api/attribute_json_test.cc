#include "api/attribute_json.h"

#include <gtest/gtest.h>

#include "model/api_error.h"
#include "model/item_codec.h"
#include "support/rich_item.h"

namespace cairn::api {
namespace {

using testing_support::rich_item;

AttributeValue parse(const std::string& json) {
  simdjson::dom::parser parser;
  return parse_attribute_value(parser.parse(json).value());
}

std::string render(const AttributeValue& v) {
  OutputBuffer out;
  JsonWriter w(out);
  write_attribute_value(w, v);
  return std::string(out.view());
}

std::string error_of(const std::string& json) {
  try {
    parse(json);
  } catch (const ApiError& e) {
    return std::string(e.name()) + ": " + std::string(e.message());
  }
  return "no error";
}

TEST(AttributeJson, RoundTripsEveryType) {
  for (const char* json :
       {R"({"S":"a\"b\\c\n"})", R"({"N":"-1.5"})", R"({"B":"AAH/"})", R"({"BOOL":false})",
        R"({"NULL":true})", R"({"SS":["a","b"]})", R"({"NS":["1","2"]})", R"({"BS":["AA=="]})",
        R"({"L":[{"S":"x"},{"M":{}}]})", R"({"M":{"k":{"L":[]}}})"}) {
    EXPECT_EQ(render(parse(json)), json);
  }
}

TEST(AttributeJson, CanonicalisesNumbers) {
  EXPECT_EQ(render(parse(R"({"N":"1e3"})")), R"({"N":"1000"})");
}

TEST(AttributeJson, ReportsDynamoDbsErrors) {
  EXPECT_EQ(error_of("{}"),
            "ValidationException: Supplied AttributeValue is empty, must contain exactly one of "
            "the supported datatypes");
  EXPECT_EQ(error_of(R"({"S":"a","N":"1"})"),
            "ValidationException: Supplied AttributeValue has more than one datatypes set, must "
            "contain exactly one of the supported datatypes");
  EXPECT_EQ(error_of(R"({"N":3})"),
            "SerializationException: NUMBER_VALUE cannot be converted to String");
  EXPECT_EQ(error_of(R"({"B":"abc"})").substr(0, 22), "SerializationException");
  EXPECT_EQ(error_of(R"({"B":"ab=c"})").substr(0, 22), "SerializationException");
  EXPECT_EQ(error_of(R"({"NULL":false})"),
            "ValidationException: One or more parameter values were invalid: Null attribute value "
            "types must have the value of true");
  EXPECT_EQ(error_of(R"({"SS":["x","x"]})"),
            "ValidationException: One or more parameter values were invalid: Input collection [x, "
            "x] contains duplicates.");
  EXPECT_EQ(error_of(R"({"NS":[]})"),
            "ValidationException: One or more parameter values were invalid: An number set  may "
            "not be empty");
  EXPECT_EQ(error_of(R"({"L":{}})"),
            "SerializationException: Start of structure or map found where not expected");
}

TEST(AttributeJson, FindsDuplicatesInSetsOfEverySize) {
  for (size_t n : {2u, 16u, 17u, 40u}) {
    std::string members;
    for (size_t i = 0; i < n; ++i) members += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
    // Members in value order, which is the order a number set is kept in.
    EXPECT_EQ(render(parse("{\"NS\":[" + members + "]}")), "{\"NS\":[" + members + "]}") << n;
    // The same first member again, at the end: found whatever the set's size.
    const std::string error = error_of("{\"NS\":[" + members + ",\"0\"]}");
    EXPECT_NE(error.find("contains duplicates."), std::string::npos) << n << ": " << error;
  }
}

TEST(AttributeJson, LimitsNesting) {
  std::string deep = R"({"S":"x"})";
  for (int i = 0; i < 33; ++i) deep = R"({"L":[)" + deep + "]}";
  EXPECT_EQ(error_of(deep),
            "ValidationException: Nesting Levels have exceeded supported limits: Attributes in the "
            "item have nested levels beyond supported limit");
}

}  // namespace
}  // namespace cairn::api

namespace cairn::api {
namespace {

TEST(AttributeJson, WritesStoredItemsAsDecodedOnes) {
  for (const Item& item : {rich_item(), Item{}}) {
    OutputBuffer decoded, stored;
    JsonWriter a(decoded), b(stored);
    write_item(a, item);
    write_stored_item(b, encode_item(item));
    EXPECT_EQ(stored.view(), decoded.view());
  }
  OutputBuffer out;
  JsonWriter w(out);
  w.begin_array();
  write_stored_item(w, encode_item(Item{{"a", AttributeValue::string("x")}}));
  write_stored_item(w, encode_item(Item{{"b", AttributeValue::number("1")}}));
  w.end_array();
  EXPECT_EQ(out.view(), R"([{"a":{"S":"x"}},{"b":{"N":"1"}}])");
}

}  // namespace
}  // namespace cairn::api
