#include "model/number.h"

#include <gtest/gtest.h>

#include "model/api_error.h"

namespace cairn {
namespace {

struct Canonical {
  const char* input;
  const char* output;
};

class NumberCanonicalForm : public ::testing::TestWithParam<Canonical> {};

TEST_P(NumberCanonicalForm, PrintsDynamoDbsCanonicalText) {
  EXPECT_EQ(Number::parse(GetParam().input).to_string(), GetParam().output);
}

INSTANTIATE_TEST_SUITE_P(
    Examples, NumberCanonicalForm,
    ::testing::Values(Canonical{"1", "1"}, Canonical{"-5", "-5"}, Canonical{"007", "7"},
                      Canonical{"001.23", "1.23"}, Canonical{"00", "0"}, Canonical{"+3", "3"},
                      Canonical{"+0", "0"}, Canonical{"1.0", "1"}, Canonical{"1.10", "1.1"},
                      Canonical{"100.000", "100"}, Canonical{"0.10", "0.1"},
                      Canonical{"1e3", "1000"}, Canonical{"1E+3", "1000"},
                      Canonical{"-3e2", "-300"}, Canonical{"1.23e4", "12300"},
                      Canonical{"1e-3", "0.001"}, Canonical{"123e-2", "1.23"},
                      Canonical{"-0.0", "0"}, Canonical{"0e5", "0"}, Canonical{".5", "0.5"},
                      Canonical{"-.5", "-0.5"}, Canonical{"1.", "1"},
                      Canonical{"1e-20", "0.00000000000000000001"},
                      Canonical{"9.9e10", "99000000000"}, Canonical{"-273.15", "-273.15"}));

TEST(Number, RejectsTextThatIsNotANumber) {
  for (const char* bad : {"", "NaN", "Infinity", "-Infinity", "dog", " 1", "1 ", "1e", "e5", "--1",
                          "1.2.3", ".", "+", "0x10", "1e+"}) {
    try {
      Number::parse(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const ApiError& e) {
      EXPECT_EQ(e.type(), ErrorType::kValidation);
      EXPECT_EQ(std::string(e.message()),
                std::string("The parameter cannot be converted to a numeric value: ") + bad);
    }
  }
}

TEST(Number, AcceptsTheFullMagnitudeRange) {
  EXPECT_EQ(Number::parse("1e125").to_string(), "1" + std::string(125, '0'));
  EXPECT_EQ(Number::parse("9.99999999e125").to_string(), "999999999" + std::string(117, '0'));
  EXPECT_EQ(Number::parse("1e-130").to_string(), "0." + std::string(129, '0') + "1");
  EXPECT_EQ(Number::parse("-1e-130").to_string(), "-0." + std::string(129, '0') + "1");
}

void expect_error(const char* text, const char* fragment) {
  try {
    Number::parse(text);
    ADD_FAILURE() << "accepted " << text;
  } catch (const ApiError& e) {
    EXPECT_NE(std::string(e.message()).find(fragment), std::string::npos) << e.message();
  }
}

TEST(Number, ReportsOverflowUnderflowAndPrecision) {
  expect_error("1e126", "Number overflow");
  expect_error("11e125", "Number overflow");
  expect_error("1.0e100000000", "Number overflow");
  expect_error("1e-131", "Number underflow");
  expect_error("0.9e-130", "Number underflow");
  expect_error("3.14159265358979323846264338327950288419", "38 significant digits");
  EXPECT_NO_THROW(Number::parse("3.1415926535897932384626433832795028841"));
  EXPECT_NO_THROW(Number::parse("31415926535897932384626433832795028841e30"));
}

TEST(Number, ZeroWithAnyExponentIsZero) {
  EXPECT_TRUE(Number::parse("0e126").is_zero());
  EXPECT_TRUE(Number::parse("0e-131").is_zero());
}

TEST(Number, AddsAndSubtractsExactly) {
  auto n = [](const char* s) { return Number::parse(s); };
  EXPECT_EQ((n("1") + n("10000000000000000000000")).to_string(), "10000000000000000000001");
  EXPECT_EQ((n("10000000000000000000000") - n("1")).to_string(), "9999999999999999999999");
  EXPECT_EQ((n("0.1") + n("0.2")).to_string(), "0.3");
  EXPECT_EQ((n("-5") + n("3")).to_string(), "-2");
  EXPECT_EQ((n("5") - n("5")).to_string(), "0");
  EXPECT_EQ((n("9e125") + n("9e124")).to_string(), "99" + std::string(124, '0'));
  EXPECT_THROW(n("9e125") + n("9e125"), ApiError);
  // A sum needing more than 38 digits is reported as an overflow, as DynamoDB does.
  try {
    n("1e50") + n("1");
    ADD_FAILURE();
  } catch (const ApiError& e) {
    EXPECT_NE(std::string(e.message()).find("Number overflow"), std::string::npos);
  }
}

TEST(Number, ComparesNumerically) {
  auto n = [](const char* s) { return Number::parse(s); };
  EXPECT_LT(n("-10"), n("-9"));
  EXPECT_LT(n("-1"), n("0"));
  EXPECT_LT(n("0"), n("0.001"));
  EXPECT_LT(n("9"), n("10"));
  EXPECT_LT(n("1.2"), n("1.23"));
  EXPECT_EQ(n("1e3"), n("1000"));
}

TEST(Number, SortableEncodingPreservesOrderAndRoundTrips) {
  const char* ordered[] = {"-1e125", "-100",    "-10", "-9.5",   "-1.23", "-1.2", "-1",
                           "-0.5",   "-1e-130", "0",   "1e-130", "0.5",   "1",    "1.2",
                           "1.23",   "9.5",     "10",  "100",    "1e125"};
  std::string previous;
  for (const char* text : ordered) {
    std::string enc;
    Number::parse(text).append_sortable(enc);
    EXPECT_LT(previous, enc) << text;
    previous = enc;
    size_t pos = 0;
    Number back;
    ASSERT_TRUE(Number::read_sortable(enc, pos, back));
    EXPECT_EQ(pos, enc.size());
    EXPECT_EQ(back.to_string(), Number::parse(text).to_string());
  }
}

}  // namespace
}  // namespace cairn
