#include "api/error_response.h"

#include <gtest/gtest.h>

#include <string>

namespace cairn::api {
namespace {

TEST(ErrorResponseTest, ShortMessagesAreWhole) {
  EXPECT_EQ(bounded_message("Input collection [a, a] contains duplicates."),
            "Input collection [a, a] contains duplicates.");
  const std::string limit(kMaxErrorMessageBytes, 'x');
  EXPECT_EQ(bounded_message(limit), limit);
}

TEST(ErrorResponseTest, LongMessagesAreCutWithAnEllipsis) {
  const std::string cut = bounded_message(std::string(10 << 20, 'x'));
  EXPECT_EQ(cut.size(), kMaxErrorMessageBytes);
  EXPECT_EQ(cut.substr(cut.size() - 3), "...");
}

TEST(ErrorResponseTest, ACutNeverSplitsACharacter) {
  std::string message = "a";
  while (message.size() < kMaxErrorMessageBytes + 10) message += "\xE2\x82\xAC";  // the euro sign
  const std::string cut = bounded_message(message);
  ASSERT_LE(cut.size(), kMaxErrorMessageBytes);
  const std::string body = cut.substr(0, cut.size() - 3);
  EXPECT_EQ((body.size() - 1) % 3, 0u);  // whole three-byte characters after the "a"
}

TEST(ErrorResponseTest, TheEnvelopeCarriesTheBoundedMessage) {
  OutputBuffer out;
  const int status = render_error(ApiError::validation(std::string(1 << 20, 'v')), out);
  EXPECT_EQ(status, 400);
  EXPECT_LT(out.view().size(), kMaxErrorMessageBytes + 200);
}

}  // namespace
}  // namespace cairn::api
