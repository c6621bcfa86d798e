// HTTP content codings for DynamoDB's compressed requests and responses (gzip and
// deflate, over zlib). A request body marked "Content-Encoding: gzip" or "deflate" is
// inflated before the dispatcher sees it; a response is compressed when the client's
// Accept-Encoding allows it and the body is large enough to be worth it.
// Every function is thread-safe: zlib streams are per thread and reused.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cairn::net {

enum class Coding {
  kIdentity,
  kGzip,
  kDeflate,  // RFC 9110's "deflate": a zlib stream (RFC 1950), not raw deflate
  kUnsupported,
};

// The coding a Content-Encoding header names. Case-insensitive; an empty value and
// "identity" are kIdentity; any other name, or a list of codings, is kUnsupported.
Coding parse_content_encoding(std::string_view value);

// The response coding DynamoDB picks for an Accept-Encoding value (several headers joined
// with ','): the supported coding (gzip, deflate) with the highest quality value. A coding
// named explicitly wins over "*" at equal quality, then the earlier one wins, and "*"
// prefers gzip. DynamoDB's reading of q is lenient: the first "q=" in an entry's
// parameters gives its quality, a value that is not a number is ignored (quality 1), and
// quality is clamped to [0, 1]. kIdentity when nothing acceptable is supported.
Coding choose_response_coding(std::string_view accept_encoding);

enum class DecodeStatus { kOk, kCorrupt, kTooLarge };

// Inflates body (gzip or deflate) into out, replacing its content. gzip accepts several
// concatenated members, as RFC 1952 allows; an empty body, a truncated stream or trailing
// bytes that are not another member are kCorrupt. Inflation stops as soon as the output
// would exceed limit (kTooLarge), so a small "decompression bomb" costs at most limit
// bytes. On success, out has `padding` spare bytes of capacity past its end.
DecodeStatus decode_body(Coding coding, std::string_view body, std::string& out, size_t limit,
                         size_t padding);

// Compresses body with coding (gzip or deflate) at zlib's default level into out,
// replacing its content.
void encode_body(Coding coding, std::string_view body, std::string& out);

}  // namespace cairn::net
