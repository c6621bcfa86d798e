#include "auth/sigv4.h"

#include <algorithm>
#include <array>
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

// Header names are ASCII: folding case needs no locale (std::tolower's cost shows on
// every signed request).
char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The first header of that name (any case), if any.
const std::string* field(const SignedHttpRequest& request, std::string_view name) {
  for (const auto& [n, v] : request.fields) {
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

// Whether a value has a tab or two spaces in a row (one pass: values are short).
bool needs_folding(std::string_view value) {
  bool after_space = false;
  for (char c : value) {
    if (c == '\t' || (c == ' ' && after_space)) return true;
    after_space = c == ' ';
  }
  return false;
}

// Appends a header's values, trimmed, inner runs of spaces made one, several headers joined
// by ','.
void append_canonical_value(const SignedHttpRequest& request, std::string_view name,
                            std::string& out) {
  bool first = true;
  for (const auto& [n, v] : request.fields) {
    if (!iequals(n, name)) continue;
    if (!first) out.push_back(',');
    first = false;
    const std::string_view value = trim(v);
    // Most values have no run of blanks to fold: appended whole.
    if (!needs_folding(value)) {
      out.append(value);
      continue;
    }
    bool space = false;
    for (char c : value) {
      if (c == ' ' || c == '\t') {
        space = true;
        continue;
      }
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// Times are whole seconds since the epoch: a client may send any year up to 9999, past what
// the clock's nanosecond time_point can hold.
using Seconds = int64_t;

// "YYYYMMDDTHHMMSSZ" (X-Amz-Date), read by hand: it is on every signed request.
std::optional<Seconds> parse_amz_time(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  auto number = [&](size_t from, size_t length) -> int64_t {
    int64_t n = 0;
    for (size_t i = from; i < from + length; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      n = n * 10 + (text[i] - '0');
    }
    return n;
  };
  const int64_t year = number(0, 4), month = number(4, 2), day = number(6, 2);
  const int64_t hour = number(9, 2), minute = number(11, 2), second = number(13, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  const int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

// An RFC 1123 Date header ("Mon, 07 Dec 2026 00:53:20 GMT").
std::optional<Seconds> parse_http_date(std::string_view text) {
  std::tm tm{};
  const std::string s(text);
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  return static_cast<Seconds>(timegm(&tm));
}

std::string amz_time(Seconds t) {
  const std::time_t seconds = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// Where the first character that is (or is not) a separator lies, scanning by hand:
// std::string_view's find_first_of calls memchr once per character scanned.
bool is_separator(char c, bool comma) {
  return c == ' ' || c == '\t' || (comma && c == ',');
}
size_t find_separator(std::string_view s, bool comma, bool wanted) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (is_separator(s[i], comma) == wanted) return i;
  }
  return std::string_view::npos;
}

struct AuthorizationParts {
  std::string_view credential, signed_headers, signature;
};

// Every SDK's layout: "AWS4-HMAC-SHA256 Credential=C, SignedHeaders=H, Signature=S", read
// with three memchr calls; anything else is read by the general parser below.
std::optional<AuthorizationParts> parse_usual_authorization(std::string_view header) {
  constexpr std::string_view kStart = "AWS4-HMAC-SHA256 Credential=";
  constexpr std::string_view kHeaders = ", SignedHeaders=";
  constexpr std::string_view kSignature = ", Signature=";
  if (header.substr(0, kStart.size()) != kStart) return std::nullopt;
  std::string_view rest = header.substr(kStart.size());
  AuthorizationParts parts;
  auto take_until_comma = [&rest](std::string_view& value, std::string_view next) {
    const auto comma = rest.find(',');
    if (comma == std::string_view::npos || rest.substr(comma, next.size()) != next) return false;
    value = rest.substr(0, comma);
    rest.remove_prefix(comma + next.size());
    return true;
  };
  if (!take_until_comma(parts.credential, kHeaders) ||
      !take_until_comma(parts.signed_headers, kSignature)) {
    return std::nullopt;
  }
  parts.signature = trim(rest);
  // A blank (or a comma after the signature) inside a value splits it for the general
  // parser, whose reading must hold.
  const auto plain = [](std::string_view v) {
    return !v.empty() && v.find(' ') == std::string_view::npos &&
           v.find('\t') == std::string_view::npos && v.find(',') == std::string_view::npos;
  };
  if (!plain(parts.credential) || !plain(parts.signed_headers) || !plain(parts.signature)) {
    return std::nullopt;
  }
  return parts;
}

// "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." (commas, spaces or both
// between the parts).
AuthorizationParts parse_authorization(std::string_view header) {
  if (auto usual = parse_usual_authorization(header)) return *usual;
  std::string_view rest = trim(header);
  const auto space = find_separator(rest, false, true);
  const std::string_view algorithm = rest.substr(0, space);
  if (algorithm != kAlgorithm) {
    throw incomplete("Unsupported AWS 'algorithm': '" + std::string(algorithm) + "'");
  }
  rest = space == std::string_view::npos ? std::string_view() : rest.substr(space);
  AuthorizationParts parts;
  while (!rest.empty()) {
    const auto start = find_separator(rest, true, false);
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const auto end = find_separator(rest, true, true);
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

// keyid/date/region/service/terminator: exactly five parts.
bool split_scope(std::string_view credential, std::array<std::string_view, 5>& parts) {
  size_t count = 0;
  size_t from = 0;
  while (true) {
    const auto at = credential.find('/', from);
    if (count == parts.size()) return false;
    parts[count++] = credential.substr(from, at - from);
    if (at == std::string_view::npos) return count == parts.size();
    from = at + 1;
  }
}

}  // namespace

std::string canonical_request(const SignedHttpRequest& request, std::string_view signed_headers) {
  std::string out;
  out.reserve(256 + request.target.size());
  append_canonical_request(request, signed_headers, out);
  return out;
}

void append_canonical_request(const SignedHttpRequest& request, std::string_view signed_headers,
                              std::string& out) {
  const auto question = request.target.find('?');
  std::string_view path = request.target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : request.target.substr(question + 1);
  if (path.empty()) path = "/";
  out.append(request.method);
  out.push_back('\n');
  uri_encode(path, out, true);
  out.push_back('\n');
  if (!query.empty()) out += canonical_query(query);
  out.push_back('\n');
  for (std::string_view rest = signed_headers; !rest.empty();) {
    const auto semicolon = rest.find(';');
    const std::string_view name = rest.substr(0, semicolon);
    rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
    const size_t at = out.size();
    out.append(name);
    for (size_t i = at; i < out.size(); ++i) out[i] = ascii_lower(out[i]);
    out.push_back(':');
    append_canonical_value(request, name, out);
    out.push_back('\n');
  }
  out.push_back('\n');
  out += signed_headers;
  out.push_back('\n');
  append_hex(sha256(request.payload), out);
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

std::shared_ptr<const HmacKey> SigV4Verifier::signing_hmac(const AccessKey& key,
                                                           std::string_view date,
                                                           std::string_view region,
                                                           std::string_view service) const {
  thread_local std::string id;  // the cache's key, built without allocating once grown
  id.clear();
  id.append(key.access_key_id).append(1, '/').append(date).append(1, '/').append(region);
  id.append(1, '/').append(service);
  {
    std::lock_guard lock(cache_mu_);
    auto it = signing_keys_.find(id);
    // A key given a new secret derives anew, never signing with the old.
    if (it != signing_keys_.end() && it->second.secret == key.secret) return it->second.hmac;
  }
  auto hmac = std::make_shared<const HmacKey>(signing_key(key.secret, date, region, service));
  std::lock_guard lock(cache_mu_);
  if (signing_keys_.size() > 4096) signing_keys_.clear();
  signing_keys_.insert_or_assign(id, CachedKey{key.secret, hmac});
  return hmac;
}

Principal SigV4Verifier::verify(const SignedHttpRequest& request) const {
  const std::string* authorization = field(request, "authorization");
  if (!authorization) {
    throw ApiError(ErrorType::kMissingAuthenticationToken,
                   "Request is missing Authentication Token");
  }
  const AuthorizationParts parts = parse_authorization(*authorization);

  // The request's time: X-Amz-Date, else Date. An X-Amz-Date that parses is already in the
  // basic format the string to sign names it in.
  std::optional<Seconds> signed_at;
  std::string_view amz_date_text;
  if (const std::string* amz_date = field(request, "x-amz-date")) {
    amz_date_text = trim(*amz_date);
    signed_at = parse_amz_time(amz_date_text);
  } else if (const std::string* date = field(request, "date")) {
    signed_at = parse_http_date(trim(*date));
  }
  if (!signed_at) {
    throw incomplete(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        "Authorization=" +
        *authorization);
  }
  const Seconds now =
      std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
  const Seconds skew = std::chrono::duration_cast<std::chrono::seconds>(kAllowedSkew).count();
  if (*signed_at < now - skew) {
    throw invalid_signature("Signature expired: " + amz_time(*signed_at) + " is now earlier than " +
                            amz_time(now - skew) + " (" + amz_time(now) + " - 15 min.)");
  }
  if (*signed_at > now + skew) {
    throw invalid_signature("Signature not yet current: " + amz_time(*signed_at) +
                            " is still later than " + amz_time(now + skew) + " (" + amz_time(now) +
                            " + 15 min.)");
  }

  std::array<std::string_view, 5> scope;
  if (!split_scope(parts.credential, scope)) {
    throw incomplete(
        "Credential must have exactly 5 slash-delimited elements, e.g. "
        "keyid/date/region/service/term, got '" +
        std::string(parts.credential) + "'");
  }
  std::string date_header_time;  // a Date header's time, in X-Amz-Date's format
  std::string_view request_time = amz_date_text;
  if (request_time.empty()) {
    date_header_time = amz_time(*signed_at);
    request_time = date_header_time;
  }
  const std::string_view request_date = request_time.substr(0, 8);
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
        std::string(scope[1]) + "' != '" + std::string(request_date) + "', from '" +
        std::string(request_time) + "'.");
  }
  if (!scope_errors.empty()) {
    std::string message;
    for (const auto& e : scope_errors) message += (message.empty() ? "" : " ") + e;
    throw invalid_signature(std::move(message));
  }

  const std::shared_ptr<const AccessKey> key = keys_(scope[0]);
  if (!key || !key->active) throw unrecognized_client();
  const std::string* token = field(request, "x-amz-security-token");
  if (!key->session_token.empty() || token) {
    if (!token || !equal_in_constant_time(trim(*token), key->session_token)) {
      throw unrecognized_client();
    }
    if (key->expires_ms != 0 && now * 1000 >= key->expires_ms) {
      throw ApiError(ErrorType::kExpiredToken,
                     "The security token included in the request is expired");
    }
  }

  // The texts built here reuse one thread's buffers: no allocation once they have grown.
  thread_local std::string text;
  text.clear();
  append_canonical_request(request, parts.signed_headers, text);
  const Digest canonical_hash = sha256(text);
  text.clear();
  text.append(kAlgorithm).append(1, '\n').append(request_time).append(1, '\n');
  text.append(parts.credential.substr(scope[0].size() + 1)).append(1, '\n');
  append_hex(canonical_hash, text);
  const Digest signature = signing_hmac(*key, scope[1], scope[2], scope[3])->sign(text);
  char expected[2 * std::tuple_size_v<Digest>];
  write_hex(signature, expected);
  if (!equal_in_constant_time(parts.signature, std::string_view(expected, sizeof expected))) {
    throw invalid_signature(
        "The request signature we calculated does not match the signature you provided. Check "
        "your AWS Secret Access Key and signing method. Consult the service documentation for "
        "details.");
  }
  Principal principal;
  principal.account_id = key->account_id;
  principal.user_name = key->user_name;
  principal.access_key_id = key->access_key_id;
  principal.anonymous = false;
  return principal;
}

}  // namespace cairn::auth
