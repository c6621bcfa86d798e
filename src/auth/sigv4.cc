#include "auth/sigv4.h"

#include <algorithm>
#include <ctime>
#include <vector>

#include "auth/digest.h"
#include "model/api_error.h"

namespace cairn::auth {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kTerminator = "aws4_request";
constexpr std::string_view kService = "dynamodb";  // the Streams API signs with it too
constexpr std::chrono::minutes kAllowedSkew{15};

ApiError incomplete(std::string message) {
  return ApiError(ErrorType::kIncompleteSignature, std::move(message));
}
ApiError invalid_signature(std::string message) {
  return ApiError(ErrorType::kInvalidSignature, std::move(message));
}
ApiError unrecognized_client() {
  return ApiError(ErrorType::kUnrecognizedClient,
                  "The security token included in the request is invalid.");
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The first header of that name (any case), if any.
const std::string* field(const SignedHttpRequest& request, std::string_view name) {
  if (!request.fields) return nullptr;
  for (const auto& [n, v] : *request.fields) {
    if (iequals(n, name)) return &v;
  }
  return nullptr;
}

// RFC 3986 unreserved characters stay; everything else is %XX (upper-case hex).
void uri_encode(std::string_view s, std::string& out, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  while (!query.empty()) {
    const auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string name, value;
    uri_encode(percent_decode(pair.substr(0, eq)), name, false);
    if (eq != std::string_view::npos) uri_encode(percent_decode(pair.substr(eq + 1)), value, false);
    params.emplace_back(std::move(name), std::move(value));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += name + "=" + value;
  }
  return out;
}

// A header's values, trimmed, inner runs of spaces made one, several headers joined by ','.
std::string canonical_value(const SignedHttpRequest& request, std::string_view name) {
  std::string out;
  bool first = true;
  if (!request.fields) return out;
  for (const auto& [n, v] : *request.fields) {
    if (!iequals(n, name)) continue;
    if (!first) out.push_back(',');
    first = false;
    bool space = false;
    for (char c : trim(v)) {
      if (c == ' ' || c == '\t') {
        space = true;
        continue;
      }
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

// Seconds since the epoch of "YYYYMMDDTHHMMSSZ", or of an RFC 1123 Date header.
std::optional<std::chrono::system_clock::time_point> parse_time(std::string_view text,
                                                                bool amz_format) {
  std::tm tm{};
  const std::string s(text);
  const char* end = amz_format ? strptime(s.c_str(), "%Y%m%dT%H%M%SZ", &tm)
                               : strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string amz_time(std::chrono::system_clock::time_point t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

struct AuthorizationParts {
  std::string_view credential, signed_headers, signature;
};

// "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." (commas, spaces or both
// between the parts).
AuthorizationParts parse_authorization(std::string_view header) {
  std::string_view rest = trim(header);
  const auto space = rest.find_first_of(" \t");
  const std::string_view algorithm = rest.substr(0, space);
  if (algorithm != kAlgorithm) {
    throw incomplete("Unsupported AWS 'algorithm': '" + std::string(algorithm) + "'");
  }
  rest = space == std::string_view::npos ? std::string_view() : rest.substr(space);
  AuthorizationParts parts;
  while (!rest.empty()) {
    const auto start = rest.find_first_not_of(" \t,");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const auto end = rest.find_first_of(" \t,");
    const std::string_view part = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = part.substr(0, eq), value = part.substr(eq + 1);
    if (name == "Credential") parts.credential = value;
    if (name == "SignedHeaders") parts.signed_headers = value;
    if (name == "Signature") parts.signature = value;
  }
  std::string missing;
  for (auto [value, name] :
       {std::pair{parts.credential, "Credential"}, std::pair{parts.signature, "Signature"},
        std::pair{parts.signed_headers, "SignedHeaders"}}) {
    if (value.empty()) {
      missing += std::string("Authorization header requires '") + name + "' parameter. ";
    }
  }
  if (!missing.empty()) throw incomplete(missing + "Authorization=" + std::string(header));
  return parts;
}

std::vector<std::string_view> split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  size_t from = 0;
  while (true) {
    const auto at = s.find(separator, from);
    parts.push_back(s.substr(from, at - from));
    if (at == std::string_view::npos) return parts;
    from = at + 1;
  }
}

}  // namespace

std::string canonical_request(const SignedHttpRequest& request, std::string_view signed_headers) {
  const auto question = request.target.find('?');
  std::string_view path = request.target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : request.target.substr(question + 1);
  if (path.empty()) path = "/";
  std::string out(request.method);
  out.push_back('\n');
  uri_encode(path, out, true);
  out.push_back('\n');
  out += canonical_query(query);
  out.push_back('\n');
  for (std::string_view name : split(signed_headers, ';')) {
    out += lower(name);
    out.push_back(':');
    out += canonical_value(request, name);
    out.push_back('\n');
  }
  out.push_back('\n');
  out += signed_headers;
  out.push_back('\n');
  out += hex(sha256(request.payload));
  return out;
}

std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service) {
  const std::string seed = "AWS4" + std::string(secret);
  Digest key = hmac_sha256(seed, date);
  key = hmac_sha256(as_bytes(key), region);
  key = hmac_sha256(as_bytes(key), service);
  key = hmac_sha256(as_bytes(key), kTerminator);
  return std::string(as_bytes(key));
}

SigV4Verifier::SigV4Verifier(KeyLookup keys, std::string region, Clock clock)
    : keys_(std::move(keys)), region_(std::move(region)), clock_(std::move(clock)) {}

std::string SigV4Verifier::cached_signing_key(const AccessKey& key, std::string_view date,
                                              std::string_view region,
                                              std::string_view service) const {
  // Keyed by the secret's hash too, so that a key given a new secret never signs with the old.
  std::string id = key.access_key_id + '/' + std::string(date) + '/' + std::string(region) + '/' +
                   std::string(service) + '/' + hex(sha256(key.secret));
  std::lock_guard lock(cache_mu_);
  if (auto it = signing_keys_.find(id); it != signing_keys_.end()) return it->second;
  if (signing_keys_.size() > 4096) signing_keys_.clear();
  std::string derived = signing_key(key.secret, date, region, service);
  signing_keys_.emplace(std::move(id), derived);
  return derived;
}

Principal SigV4Verifier::verify(const SignedHttpRequest& request) const {
  const std::string* authorization = field(request, "authorization");
  if (!authorization) {
    throw ApiError(ErrorType::kMissingAuthenticationToken,
                   "Request is missing Authentication Token");
  }
  const AuthorizationParts parts = parse_authorization(*authorization);

  // The request's time: X-Amz-Date, else Date.
  std::optional<std::chrono::system_clock::time_point> signed_at;
  if (const std::string* amz_date = field(request, "x-amz-date")) {
    signed_at = parse_time(trim(*amz_date), true);
  } else if (const std::string* date = field(request, "date")) {
    signed_at = parse_time(trim(*date), false);
  }
  if (!signed_at) {
    throw incomplete(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        "Authorization=" +
        *authorization);
  }
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(clock_());
  if (*signed_at < now - kAllowedSkew) {
    throw invalid_signature("Signature expired: " + amz_time(*signed_at) + " is now earlier than " +
                            amz_time(now - kAllowedSkew) + " (" + amz_time(now) + " - 15 min.)");
  }
  if (*signed_at > now + kAllowedSkew) {
    throw invalid_signature("Signature not yet current: " + amz_time(*signed_at) +
                            " is still later than " + amz_time(now + kAllowedSkew) + " (" +
                            amz_time(now) + " + 15 min.)");
  }

  const auto scope = split(parts.credential, '/');
  if (scope.size() != 5) {
    throw incomplete(
        "Credential must have exactly 5 slash-delimited elements, e.g. "
        "keyid/date/region/service/term, got '" +
        std::string(parts.credential) + "'");
  }
  const std::string request_time = amz_time(*signed_at);
  const std::string request_date = request_time.substr(0, 8);
  std::vector<std::string> scope_errors;
  if (scope[2] != region_) {
    scope_errors.push_back("Credential should be scoped to a valid region, not '" +
                           std::string(scope[2]) + "'.");
  }
  if (scope[3] != kService) {
    scope_errors.push_back("Credential should be scoped to correct service: '" +
                           std::string(kService) + "'.");
  }
  if (scope[4] != kTerminator) {
    scope_errors.push_back(
        "Credential should be scoped with a valid terminator: 'aws4_request', not '" +
        std::string(scope[4]) + "'.");
  }
  if (scope[1] != request_date) {
    scope_errors.push_back(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
        "HTTP: '" +
        std::string(scope[1]) + "' != '" + request_date + "', from '" + request_time + "'.");
  }
  if (!scope_errors.empty()) {
    std::string message;
    for (const auto& e : scope_errors) message += (message.empty() ? "" : " ") + e;
    throw invalid_signature(std::move(message));
  }

  const std::optional<AccessKey> key = keys_(scope[0]);
  if (!key || !key->active) throw unrecognized_client();
  const std::string* token = field(request, "x-amz-security-token");
  if (!key->session_token.empty() || token) {
    if (!token || !equal_in_constant_time(trim(*token), key->session_token)) {
      throw unrecognized_client();
    }
    const auto now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    if (key->expires_ms != 0 && now_ms >= key->expires_ms) {
      throw ApiError(ErrorType::kExpiredToken,
                     "The security token included in the request is expired");
    }
  }

  const std::string string_to_sign = std::string(kAlgorithm) + "\n" + request_time + "\n" +
                                     std::string(parts.credential.substr(scope[0].size() + 1)) +
                                     "\n" +
                                     hex(sha256(canonical_request(request, parts.signed_headers)));
  const std::string expected =
      hex(hmac_sha256(cached_signing_key(*key, scope[1], scope[2], scope[3]), string_to_sign));
  if (!equal_in_constant_time(parts.signature, expected)) {
    throw invalid_signature(
        "The request signature we calculated does not match the signature you provided. Check "
        "your AWS Secret Access Key and signing method. Consult the service documentation for "
        "details.");
  }
  return Principal{key->account_id, key->user_name, key->access_key_id, false};
}

}  // namespace cairn::auth
