#include "auth/sigv4_signer.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "auth/digest.h"
#include "auth/sigv4.h"

namespace cairn::auth {

void sign_request(std::vector<HeaderField>& fields, std::string_view method,
                  std::string_view target, std::string_view payload,
                  const SigningCredentials& credentials, std::string_view region,
                  std::string_view service, std::chrono::system_clock::time_point now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char amz_date[17];
  std::strftime(amz_date, sizeof amz_date, "%Y%m%dT%H%M%SZ", &tm);
  const std::string date(amz_date, 8);
  fields.emplace_back("x-amz-date", amz_date);
  if (!credentials.session_token.empty()) {
    fields.emplace_back("x-amz-security-token", credentials.session_token);
  }
  std::vector<std::string> names;
  for (const auto& [name, value] : fields) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    names.push_back(std::move(lower));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string signed_headers;
  for (const auto& n : names) signed_headers.append(signed_headers.empty() ? "" : ";").append(n);

  const SignedHttpRequest request{method, target, fields, payload};
  const std::string scope =
      date + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request";
  const std::string string_to_sign = "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + scope +
                                     "\n" + hex(sha256(canonical_request(request, signed_headers)));
  const std::string key = signing_key(credentials.secret, date, region, service);
  const std::string signature = hex(hmac_sha256(key, string_to_sign));
  fields.emplace_back("authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id +
                                           "/" + scope + ", SignedHeaders=" + signed_headers +
                                           ", Signature=" + signature);
}

}  // namespace cairn::auth
