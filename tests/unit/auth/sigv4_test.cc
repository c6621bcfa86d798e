#include "auth/sigv4.h"

#include <gtest/gtest.h>

#include "auth/digest.h"
#include "auth/sigv4_signer.h"
#include "model/api_error.h"

namespace cairn::auth {
namespace {

std::string hex_of(std::string_view bytes) {
  Digest d{};
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return hex(d);
}

// AWS's worked example ("Create a signed AWS API request", IAM ListUsers, 2015-08-30).
TEST(SigV4, MatchesAwsPublishedExample) {
  const std::vector<HeaderField> fields = {
      {"Host", "iam.amazonaws.com"},
      {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
      {"X-Amz-Date", "20150830T123600Z"}};
  const SignedHttpRequest request{"GET", "/?Version=2010-05-08&Action=ListUsers", fields, ""};
  const std::string canonical = canonical_request(request, "content-type;host;x-amz-date");
  EXPECT_EQ(canonical,
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
            "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
            "host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "content-type;host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex(sha256(canonical)),
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  const std::string key =
      signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");
  EXPECT_EQ(hex_of(key), "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  const std::string to_sign =
      "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n" +
      hex(sha256(canonical));
  EXPECT_EQ(hex(hmac_sha256(key, to_sign)),
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(SigV4, CanonicalHeadersAreTrimmedJoinedAndCaseFolded) {
  const std::vector<HeaderField> fields = {
      {"MEERKAT", "  Hello    world  "}, {"meerkat", "again"}, {"Host", "h"}};
  const SignedHttpRequest request{"POST", "/", fields, "{}"};
  const std::string canonical = canonical_request(request, "host;meerkat");
  EXPECT_NE(canonical.find("host:h\nmeerkat:Hello world,again\n\nhost;meerkat\n"),
            std::string::npos)
      << canonical;
}

// The verifier's refusals, in the order AWS checks: the header, the time, the scope, the
// key, the signature.
class Verifier : public ::testing::Test {
 protected:
  std::chrono::system_clock::time_point now =
      std::chrono::system_clock::from_time_t(1796604800);  // 2026-12-07T00:53:20Z
  SigV4Verifier verifier{[](std::string_view id) -> std::shared_ptr<const AccessKey> {
                           if (id != "AKID") return nullptr;
                           auto k = std::make_shared<AccessKey>();
                           k->access_key_id = "AKID";
                           k->secret = "secret";
                           k->account_id = "111122223333";
                           k->user_name = "ana";
                           return k;
                         },
                         "us-east-1", [this] { return now; }};

  std::string error_of(const std::vector<HeaderField>& fields) {
    try {
      verifier.verify(SignedHttpRequest{"POST", "/", fields, "{}"});
    } catch (const ApiError& e) {
      return std::string(e.name()) + ": " + std::string(e.message());
    }
    return "accepted";
  }
};

TEST_F(Verifier, RefusesWhatIsMissingOrOutOfTime) {
  EXPECT_EQ(error_of({{"Host", "h"}}),
            "MissingAuthenticationTokenException: Request is missing Authentication Token");
  EXPECT_EQ(error_of({{"Authorization", "Bearer x"}}),
            "IncompleteSignatureException: Unsupported AWS 'algorithm': 'Bearer'");
  const std::string auth =
      "AWS4-HMAC-SHA256 Credential=AKID/20261207/us-east-1/dynamodb/aws4_request "
      "SignedHeaders=host;x-amz-date Signature=00";
  EXPECT_EQ(error_of({{"Authorization", auth}}),
            "IncompleteSignatureException: Authorization header requires existence of either a "
            "'X-Amz-Date' or a 'Date' header. Authorization=" +
                auth);
  EXPECT_EQ(error_of({{"Authorization", auth}, {"X-Amz-Date", "20261207T003000Z"}}),
            "InvalidSignatureException: Signature expired: 20261207T003000Z is now earlier than "
            "20261207T003820Z (20261207T005320Z - 15 min.)");
  EXPECT_EQ(error_of({{"Authorization", auth}, {"X-Amz-Date", "20261207T011000Z"}}),
            "InvalidSignatureException: Signature not yet current: 20261207T011000Z is still "
            "later than 20261207T010820Z (20261207T005320Z + 15 min.)");
  // Years far ahead are not yet current (not wrapped around into the past).
  EXPECT_EQ(error_of({{"Authorization", auth}, {"X-Amz-Date", "30200101T010101Z"}}),
            "InvalidSignatureException: Signature not yet current: 30200101T010101Z is still "
            "later than 20261207T010820Z (20261207T005320Z + 15 min.)");
  EXPECT_EQ(error_of({{"Authorization", auth}, {"X-Amz-Date", "2026-12-07T00:53:20Z"}}),
            "IncompleteSignatureException: Authorization header requires existence of either a "
            "'X-Amz-Date' or a 'Date' header. Authorization=" +
                auth);
  EXPECT_EQ(error_of({{"Authorization", auth}, {"Date", "Mon, 07 Dec 2026 00:53:20 GMT"}}),
            "InvalidSignatureException: The request signature we calculated does not match the "
            "signature you provided. Check your AWS Secret Access Key and signing method. "
            "Consult the service documentation for details.");
}

TEST_F(Verifier, ChecksTheScopeThenTheKey) {
  const std::vector<HeaderField> wrong_scope = {
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=AKID/20261207/eu-west-1/s3/aws4, SignedHeaders=host, "
       "Signature=00"},
      {"X-Amz-Date", "20261207T005320Z"}};
  EXPECT_EQ(error_of(wrong_scope),
            "InvalidSignatureException: Credential should be scoped to a valid region, not "
            "'eu-west-1'. Credential should be scoped to correct service: 'dynamodb'. Credential "
            "should be scoped with a valid terminator: 'aws4_request', not 'aws4'.");
  const std::vector<HeaderField> short_credential = {
      {"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=00"},
      {"X-Amz-Date", "20261207T005320Z"}};
  EXPECT_EQ(error_of(short_credential),
            "IncompleteSignatureException: Credential must have exactly 5 slash-delimited "
            "elements, e.g. keyid/date/region/service/term, got 'AKID/x'");
  const std::vector<HeaderField> unknown = {
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=NOPE/20261207/us-east-1/dynamodb/aws4_request, "
       "SignedHeaders=host, Signature=00"},
      {"X-Amz-Date", "20261207T005320Z"}};
  EXPECT_EQ(error_of(unknown),
            "UnrecognizedClientException: The security token included in the request is "
            "invalid.");
}

TEST_F(Verifier, AcceptsARightSignatureAndNamesThePrincipal) {
  std::vector<HeaderField> fields = {{"Host", "localhost:8000"},
                                     {"X-Amz-Date", "20261207T005320Z"}};
  const SignedHttpRequest unsigned_request{"POST", "/", fields, "{}"};
  const std::string to_sign =
      "AWS4-HMAC-SHA256\n20261207T005320Z\n20261207/us-east-1/dynamodb/aws4_request\n" +
      hex(sha256(canonical_request(unsigned_request, "host;x-amz-date")));
  const std::string signature =
      hex(hmac_sha256(signing_key("secret", "20261207", "us-east-1", "dynamodb"), to_sign));
  fields.push_back({"Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKID/20261207/us-east-1/dynamodb/aws4_request,"
                    "SignedHeaders=host;x-amz-date,Signature=" +
                        signature});
  const Principal p = verifier.verify(SignedHttpRequest{"POST", "/", fields, "{}"});
  EXPECT_EQ(p.arn(), "arn:aws:iam::111122223333:user/ana");
  EXPECT_FALSE(p.anonymous);
  // The same again (from the signing-key cache), and not with another body.
  EXPECT_NO_THROW(verifier.verify(SignedHttpRequest{"POST", "/", fields, "{}"}));
  EXPECT_THROW(verifier.verify(SignedHttpRequest{"POST", "/", fields, "{ }"}), ApiError);
}

// The usual layout is read by a shortcut; any other spacing, or a value the shortcut would
// read differently, goes to the general reading, with the same outcome.
TEST_F(Verifier, ReadsTheAuthorizationHeaderTheSameWhateverItsLayout) {
  std::vector<HeaderField> fields = {{"Host", "localhost:8000"}};
  sign_request(fields, "POST", "/", "{}", {"AKID", "secret", ""}, "us-east-1", "dynamodb", now);
  std::string& authorization = fields.back().second;
  const std::string usual = authorization;
  ASSERT_NE(usual.find(", SignedHeaders="), std::string::npos);
  EXPECT_EQ(error_of(fields), "accepted");
  for (const auto& [from, to] :
       {std::pair{", ", ","}, std::pair{", ", " "}, std::pair{", ", " ,\t "}}) {
    authorization = usual;
    for (size_t at; (at = authorization.find(from)) != std::string::npos;) {
      authorization.replace(at, std::string_view(from).size(), to);
    }
    EXPECT_EQ(error_of(fields), "accepted") << authorization;
  }
  // A blank inside the credential ends it, as the general reading has it.
  authorization = usual;
  authorization.insert(authorization.find("AKID") + 2, " ");
  EXPECT_EQ(error_of(fields),
            "IncompleteSignatureException: Credential must have exactly 5 slash-delimited "
            "elements, e.g. keyid/date/region/service/term, got 'AK'");
  // Something after the signature is another part, not the signature's tail.
  authorization = usual + ", Extra=1";
  EXPECT_EQ(error_of(fields), "accepted");
  authorization = usual + "0";
  EXPECT_NE(error_of(fields), "accepted");
}

// Cairn's own client signs what its verifier accepts, and a changed body is refused.
TEST_F(Verifier, WhatTheSignerSignsTheVerifierAccepts) {
  std::vector<HeaderField> fields = {{"Host", "localhost:8000"},
                                     {"X-Amz-Target", "CairnAdmin_20261201.ListAccessKeys"}};
  sign_request(fields, "POST", "/", "{}", {"AKID", "secret", ""}, "us-east-1", "dynamodb", now);
  EXPECT_EQ(verifier.verify(SignedHttpRequest{"POST", "/", fields, "{}"}).user_name, "ana");
  EXPECT_EQ(error_of(fields), "accepted");
  try {
    verifier.verify(SignedHttpRequest{"POST", "/", fields, "{ }"});
    ADD_FAILURE() << "a changed body was accepted";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.name(), "InvalidSignatureException");
  }
}

}  // namespace
}  // namespace cairn::auth
