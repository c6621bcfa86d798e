#include "api/json_writer.h"

#include <gtest/gtest.h>

namespace cairn::api {
namespace {

std::string escaped(std::string_view s) {
  OutputBuffer out;
  append_json_escaped(out, s);
  return std::string(out.view());
}

TEST(JsonEscape, PlainTextIsCopiedAsIs) {
  EXPECT_EQ(escaped(""), "");
  EXPECT_EQ(escaped("hello, world: long enough for words"), "hello, world: long enough for words");
  EXPECT_EQ(escaped("h\xc3\xa9llo \xe2\x82\xac"), "h\xc3\xa9llo \xe2\x82\xac");
}

TEST(JsonEscape, EscapesQuotesBackslashesAndControlsAtEveryPosition) {
  for (size_t pos = 0; pos < 40; ++pos) {  // in and after 16-byte blocks
    for (char special : {'"', '\\', '\n', '\x01', '\x1f', '\0'}) {
      std::string s(40, 'a');
      s[pos] = special;
      std::string expected = std::string(pos, 'a');
      switch (special) {
        case '"':
          expected += "\\\"";
          break;
        case '\\':
          expected += "\\\\";
          break;
        case '\n':
          expected += "\\n";
          break;
        case '\x01':
          expected += "\\u0001";
          break;
        case '\x1f':
          expected += "\\u001f";
          break;
        default:
          expected += "\\u0000";
      }
      expected += std::string(39 - pos, 'a');
      EXPECT_EQ(escaped(s), expected) << pos << " " << int(special);
    }
  }
}

TEST(JsonEscape, RunsOfSpecialsInLongStrings) {
  std::string s, expected;
  for (int i = 0; i < 50; ++i) {
    s += "plain text of some length\"\"\\\t";
    expected += "plain text of some length\\\"\\\"\\\\\\t";
  }
  EXPECT_EQ(escaped(s), expected);
}

TEST(JsonEscape, EveryLengthWithASpecialAtEveryPosition) {
  for (size_t n = 0; n <= 48; ++n) {  // the word, block and overlapping-block cases
    const std::string plain(n, 'x');
    EXPECT_EQ(escaped(plain), plain) << n;
    for (size_t pos = 0; pos < n; ++pos) {
      for (char special : {'"', '\x1f'}) {
        std::string s = plain;
        s[pos] = special;
        const std::string expected = std::string(pos, 'x') + (special == '"' ? "\\\"" : "\\u001f") +
                                     std::string(n - pos - 1, 'x');
        EXPECT_EQ(escaped(s), expected) << n << " " << pos;
      }
    }
  }
}

TEST(JsonEscape, EveryByteOfShortStrings) {
  for (int c = 0; c < 0x100; ++c) {
    const std::string s(1, static_cast<char>(c));
    const bool escapes = c < 0x20 || c == '"' || c == '\\';
    EXPECT_EQ(escaped(s) != s, escapes) << c;
    EXPECT_EQ(escaped("ab" + s) != "ab" + s, escapes) << c;
  }
}

TEST(JsonEscape, LeavesNonControlBytesAlone) {
  std::string all;
  for (int c = 0x20; c < 0x100; ++c) {
    if (c != '"' && c != '\\') all.push_back(static_cast<char>(c));
  }
  EXPECT_EQ(escaped(all), all);
}

TEST(JsonWriter, SeparatesMembersAndElements) {
  OutputBuffer out;
  JsonWriter w(out);
  w.begin_object();
  w.field("a", int64_t{1});
  w.key("b");
  w.begin_array();
  w.string("x");
  w.boolean(true);
  w.null();
  w.end_array();
  w.key("c");
  w.decimal_seconds(1700000000005);
  w.key("d");
  w.begin_object();
  w.plain_key("SS");
  w.begin_array();
  w.end_array();
  w.plain_key("N");
  w.raw_number("1");
  w.end_object();
  w.end_object();
  EXPECT_EQ(out.view(), R"({"a":1,"b":["x",true,null],"c":1700000000.005,"d":{"SS":[],"N":1}})");
}

TEST(JsonWriter, EscapesNamesAndStringsThatNeedIt) {
  OutputBuffer out;
  JsonWriter w(out);
  w.begin_object();
  w.field("plain", "x");
  w.field("q\"uote", "line\nbreak");
  w.field("n", int64_t{-42});
  w.key("t");
  w.decimal_seconds(1700000000120);
  w.end_object();
  EXPECT_EQ(out.view(), R"({"plain":"x","q\"uote":"line\nbreak","n":-42,"t":1700000000.120})");
}

}  // namespace
}  // namespace cairn::api
