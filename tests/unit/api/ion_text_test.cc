#include "api/ion_text.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

#include "api/attribute_json.h"
#include "model/api_error.h"
#include "model/item_codec.h"

namespace cairn::api {
namespace {

Item item_of_json_line(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(json);
  return parse_item(root["Item"].get_object());
}

Item item_of_ion_line(std::string_view line) {
  return item_of_json_line(ion_line_as_dynamodb_json(line));
}

std::string refusal(std::string_view line) {
  try {
    ion_line_as_dynamodb_json(line);
  } catch (const ApiError& e) {
    return std::string(e.message());
  }
  return "accepted";
}

TEST(IonText, ReadsTheLinesOfDynamoDbsIonExports) {
  // AWS's documented example, on one line.
  EXPECT_EQ(
      ion_line_as_dynamodb_json(
          R"($ion_1_0 {Item:{Authors:$dynamodb_SS::["Author1","Author2"],)"
          R"(Dimensions:"8.5 x 11.0 x 1.5",Id:103.,InPublication:false,PageCount:6d2,)"
          R"(Price:2d3}})"),
      R"({"Item":{"Authors":{"SS":["Author1","Author2"]},"Dimensions":{"S":"8.5 x 11.0 x 1.5"},)"
      R"("Id":{"N":"103."},"InPublication":{"BOOL":false},"PageCount":{"N":"6e2"},)"
      R"("Price":{"N":"2e3"}}})");
  const Item item = item_of_ion_line(
      R"( {Item: {'odd name': {{aGk=}}, l: [1_000, -0.5, "x", null.string, {m: true}],)"
      R"( ns: $dynamodb_NS::[1., 2d-1], bs: $dynamodb_BS::[{{ YQ== }}], s: '''a''' '''b''',)"
      R"( e: "\u00e9\x41\n"}} // a comment)");
  EXPECT_EQ(item.at("odd name").scalar, "hi");
  EXPECT_EQ(item.at("l").list.size(), 5u);
  EXPECT_EQ(item.at("l").list[0].scalar, "1000");
  EXPECT_EQ(item.at("l").list[1].scalar, "-0.5");
  EXPECT_EQ(item.at("l").list[3].type, AttrType::NUL);
  EXPECT_TRUE(item.at("l").list[4].map.at("m").boolean);
  EXPECT_EQ(item.at("ns").set, (std::vector<std::string>{"0.2", "1"}));
  EXPECT_EQ(item.at("bs").set, std::vector<std::string>{"a"});
  EXPECT_EQ(item.at("s").scalar, "ab");
  EXPECT_EQ(item.at("e").scalar,
            "\xc3\xa9"
            "A\n");
}

TEST(IonText, WritesWhatItReadsBack) {
  const Item item = item_of_json_line(
      R"({"Item":{"pk":{"S":"a \"quoted\" \\ line\n"},"n":{"N":"-12.5"},"big":{"N":"1E+30"},)"
      R"("whole":{"N":"7"},"b":{"B":"AAEC"},"t":{"BOOL":true},"z":{"NULL":true},)"
      R"("ss":{"SS":["x","y"]},"ns":{"NS":["1","2.5"]},"bs":{"BS":["AQ=="]},)"
      R"("l":{"L":[{"S":"in"},{"M":{"null":{"N":"0"}}}]},"has space":{"S":"é"}}})");
  std::string ion;
  append_ion_item(encode_item(item), ion);
  EXPECT_NE(ion.find("whole:7."), std::string::npos) << ion;
  EXPECT_NE(ion.find("ss:$dynamodb_SS::[\"x\",\"y\"]"), std::string::npos) << ion;
  EXPECT_NE(ion.find("'has space':"), std::string::npos) << ion;
  EXPECT_NE(ion.find("'null':0."), std::string::npos) << ion;
  EXPECT_EQ(item_of_ion_line("$ion_1_0 {Item:" + ion + "}"), item);
}

TEST(IonText, RefusesWhatIsNoDynamoDbItem) {
  const std::string prefix = "The line is not an Ion item Cairn reads: ";
  EXPECT_EQ(refusal(R"({Item:{t:2007-02-23T12:14Z}})"),
            prefix + "'2007-02-23T12:14Z' is not a number Cairn reads");
  EXPECT_EQ(refusal(R"({Item:{x:nan}})"), prefix + "the symbol nan is not a DynamoDB value");
  EXPECT_EQ(refusal(R"({Item:{x:other::"a"}})"), prefix + "the annotation other is not DynamoDB's");
  EXPECT_EQ(refusal(R"({Item:{x:{{"clob"}}}})"), prefix + "a clob is not a DynamoDB value");
  EXPECT_EQ(refusal(R"({Item:{x:"open}})"), prefix + "a quoted text is not closed");
  EXPECT_EQ(refusal(R"({Other:{}})"), prefix + "the struct has no Item field");
  EXPECT_EQ(refusal(R"({Item:{}} {Item:{}})"), prefix + "one item per line");
  EXPECT_EQ(refusal(R"([1])"), prefix + "an item is a struct {Item:{...}}");
  EXPECT_EQ(refusal(R"({Item:{x:$dynamodb_SS::[1]}})"), prefix + "a string set holds a non-string");
  EXPECT_EQ(refusal(R"({Item:{x:(a b)}})"), prefix + "unexpected '('");
  EXPECT_EQ(refusal("{Item:{x:" + std::string(100, '[') + std::string(100, ']') + "}}"),
            prefix + "values nest too deep");
  // What the Ion is fine but DynamoDB refuses is refused in DynamoDB's words.
  try {
    item_of_ion_line(R"({Item:{x:$dynamodb_SS::["a","a"]}})");
    ADD_FAILURE() << "a set with duplicates was accepted";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.message(),
              "One or more parameter values were invalid: Input collection [a, a] contains "
              "duplicates.");
  }
}

}  // namespace
}  // namespace cairn::api
