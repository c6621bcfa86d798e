#include "api/arn_page_token.h"

#include <algorithm>

#include "model/api_error.h"

namespace cairn::api {
namespace {

constexpr size_t kMinDigits = 112;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string arn_page_token(std::string_view arn) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char ch : arn) {
    out.push_back(kDigits[ch >> 4]);
    out.push_back(kDigits[ch & 15]);
  }
  while (out.size() < kMinDigits || out.size() % 16 != 0) out.push_back('0');
  return out;
}

std::optional<std::string> arn_of_page_token(std::string_view token) {
  if (token.size() < kMinDigits || token.size() % 16 != 0) return std::nullopt;
  std::string arn;
  for (size_t i = 0; i < token.size(); i += 2) {
    const int high = hex_value(token[i]), low = hex_value(token[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    arn.push_back(static_cast<char>(high * 16 + low));
  }
  // The padding: zero bytes at the end (an ARN has none).
  while (!arn.empty() && arn.back() == '\0') arn.pop_back();
  return arn;
}

Page page_of(const std::vector<std::string>& arns, std::optional<std::string_view> token,
             size_t limit) {
  Page page;
  if (token) {
    const std::optional<std::string> after = arn_of_page_token(*token);
    const auto last = after ? std::find(arns.begin(), arns.end(), *after) : arns.end();
    if (last == arns.end()) {
      throw ApiError::validation("Invalid Request: Provided nextToken is invalid: " +
                                 std::string(*token));
    }
    page.begin = static_cast<size_t>(last - arns.begin()) + 1;
  }
  page.end = std::min(arns.size(), page.begin + limit);
  if (page.end < arns.size()) page.next_token = arn_page_token(arns[page.end - 1]);
  return page;
}

}  // namespace cairn::api
