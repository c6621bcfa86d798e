// libFuzzer target: SigV4 verification of hostile requests. The input is split at '\n' into
// header fields ("Name: value"), the last part being the body; the verifier must answer a
// principal or a DynamoDB error, never crash, hang or read out of bounds. One key exists,
// and the clock is fixed, so that inputs can reach every check, the signature's included.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/sigv4.h"
#include "model/api_error.h"

namespace {

const cairn::auth::SigV4Verifier& verifier() {
  static const cairn::auth::SigV4Verifier v(
      [](std::string_view id) -> std::shared_ptr<const cairn::auth::AccessKey> {
        if (id != "AKID") return nullptr;
        auto key = std::make_shared<cairn::auth::AccessKey>();
        key->access_key_id = "AKID";
        key->secret = "secret";
        key->account_id = "000000000000";
        key->user_name = "fuzz";
        return key;
      },
      "us-east-1",
      [] { return std::chrono::system_clock::from_time_t(1796604800); });  // 2026-12-07
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<cairn::auth::HeaderField> fields;
  while (true) {
    const auto newline = input.find('\n');
    if (newline == std::string_view::npos) break;
    const std::string_view line = input.substr(0, newline);
    input.remove_prefix(newline + 1);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    fields.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
  }
  const cairn::auth::SignedHttpRequest request{"POST", "/?a=%4&b", fields, input};
  try {
    verifier().verify(request);
  } catch (const cairn::ApiError&) {
  }
  return 0;
}
