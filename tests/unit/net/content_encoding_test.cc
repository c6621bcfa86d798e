#include "net/content_encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace cairn::net {
namespace {

constexpr size_t kLimit = 16 * 1024 * 1024;
constexpr size_t kPadding = 64;

std::string compress(Coding coding, std::string_view text) {
  std::string out;
  encode_body(coding, text, out);
  return out;
}

TEST(ContentEncoding, NamesTheCodingsCairnDecodes) {
  EXPECT_EQ(parse_content_encoding(""), Coding::kIdentity);
  EXPECT_EQ(parse_content_encoding("identity"), Coding::kIdentity);
  EXPECT_EQ(parse_content_encoding("gzip"), Coding::kGzip);
  EXPECT_EQ(parse_content_encoding(" GZip "), Coding::kGzip);
  EXPECT_EQ(parse_content_encoding("deflate"), Coding::kDeflate);
  for (const char* other : {"garbage", "br", "x-gzip", "gzip, deflate", "gzip;q=1"}) {
    EXPECT_EQ(parse_content_encoding(other), Coding::kUnsupported) << other;
  }
}

TEST(ContentEncoding, RoundTripsBothCodings) {
  const std::string text =
      R"({"TableName":"t","Item":{"p":{"S":")" + std::string(100000, 'x') + R"("}}})";
  for (Coding coding : {Coding::kGzip, Coding::kDeflate}) {
    const std::string packed = compress(coding, text);
    EXPECT_LT(packed.size(), text.size() / 10);
    std::string out;
    ASSERT_EQ(decode_body(coding, packed, out, kLimit, kPadding), DecodeStatus::kOk);
    EXPECT_EQ(out, text);
    // The JSON parser may read past the end without a copy.
    EXPECT_GE(out.capacity(), out.size() + kPadding);
  }
}

TEST(ContentEncoding, GzipMayBeSeveralMembers) {
  const std::string packed = compress(Coding::kGzip, "{\"a\":") + compress(Coding::kGzip, "1}");
  std::string out;
  ASSERT_EQ(decode_body(Coding::kGzip, packed, out, kLimit, kPadding), DecodeStatus::kOk);
  EXPECT_EQ(out, "{\"a\":1}");
}

TEST(ContentEncoding, DeflateIsOneStream) {
  const std::string packed =
      compress(Coding::kDeflate, "{\"a\":") + compress(Coding::kDeflate, "1}");
  std::string out;
  EXPECT_EQ(decode_body(Coding::kDeflate, packed, out, kLimit, kPadding), DecodeStatus::kCorrupt);
}

TEST(ContentEncoding, RefusesWhatIsNotAWholeStream) {
  const std::string text = "{\"TableName\":\"t\"}";
  for (Coding coding : {Coding::kGzip, Coding::kDeflate}) {
    const std::string packed = compress(coding, text);
    std::string out;
    EXPECT_EQ(decode_body(coding, "", out, kLimit, kPadding), DecodeStatus::kCorrupt);
    EXPECT_EQ(decode_body(coding, text, out, kLimit, kPadding), DecodeStatus::kCorrupt);
    EXPECT_EQ(decode_body(coding, packed.substr(0, packed.size() - 1), out, kLimit, kPadding),
              DecodeStatus::kCorrupt);
    EXPECT_TRUE(out.empty());
  }
  // After the stream: deflate allows nothing; gzip ignores bytes that start no new member.
  std::string out;
  EXPECT_EQ(decode_body(Coding::kDeflate, compress(Coding::kDeflate, text) + "junk", out, kLimit,
                        kPadding),
            DecodeStatus::kCorrupt);
  EXPECT_EQ(
      decode_body(Coding::kGzip, compress(Coding::kGzip, text) + "junk", out, kLimit, kPadding),
      DecodeStatus::kOk);
  EXPECT_EQ(out, text);
}

TEST(ContentEncoding, StopsInflatingPastTheLimit) {
  // 20 MB of spaces compress to about 20 KB: the decoder must give up at the limit.
  const std::string bomb = compress(Coding::kGzip, std::string(20 * 1024 * 1024, ' '));
  std::string out;
  EXPECT_EQ(decode_body(Coding::kGzip, bomb, out, kLimit, kPadding), DecodeStatus::kTooLarge);
  EXPECT_TRUE(out.empty());

  const std::string exact = compress(Coding::kDeflate, std::string(5000, 'a'));
  EXPECT_EQ(decode_body(Coding::kDeflate, exact, out, 5000, kPadding), DecodeStatus::kOk);
  EXPECT_EQ(out.size(), 5000u);
  EXPECT_EQ(decode_body(Coding::kDeflate, exact, out, 4999, kPadding), DecodeStatus::kTooLarge);
}

struct AcceptCase {
  const char* header;
  Coding expected;
};

TEST(ContentEncoding, ChoosesTheResponseCodingAsDynamoDBDoes) {
  const Coding none = Coding::kIdentity, gzip = Coding::kGzip, deflate = Coding::kDeflate;
  const AcceptCase cases[] = {
      {"", none},
      {"identity", none},
      {"br", none},
      {"x-gzip", none},
      {"gzip", gzip},
      {"DEFLATE", deflate},
      {"gzip, deflate", gzip},
      {"br, deflate, gzip", deflate},  // equal quality: the first named wins
      {" cat ,, gzip ,dog", gzip},
      {"gzip;q=0.3, deflate;q=0.7", deflate},
      {"gzip;q=0, deflate;q=0", none},
      {"gzip;q=0, gzip;q=0.5", gzip},
      {"identity;q=1, gzip;q=0.001", gzip},
      // "*" covers the codings not named, preferring gzip; a named one wins a tie.
      {"*", gzip},
      {"*;q=0", none},
      {"*, deflate", deflate},
      {"*, gzip;q=0.2", deflate},
      {"*;q=0.4, deflate;q=0.3", gzip},
      {"br;q=1, *;q=0", none},
      // DynamoDB's lenient reading of q.
      {"deflate;q=0.5, gzip;q=7", gzip},        // above 1 counts as 1
      {"deflate;q=0.5, gzip;q=-1", deflate},    // below 0 counts as 0
      {"deflate;q=0.5, gzip;q=abc", gzip},      // not a number: ignored
      {"deflate;q=0.5, gzip;q=0.", deflate},    // "0." is zero
      {"deflate;q=0.5, gzip;q=1;q=0.1", gzip},  // the first q counts
      {"gzip;xq=0;q=1", none},                  // ... wherever "q=" appears
      {"gzip;q =0;q=1", gzip},                  // "q =" is not "q="
      {"gzip;q= 0", none},                      // the value is trimmed
      {"\"gzip\"", none},
      {"gzip deflate", none},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(choose_response_coding(c.header), c.expected) << c.header;
  }
}

}  // namespace
}  // namespace cairn::net
