#include "net/content_encoding.h"

#include <zlib.h>

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace cairn::net {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return boost::beast::iequals(a, b);
}

// zlib's window bits: 15 with 16 added asks for the gzip wrapper, 15 alone for zlib's.
int window_bits(Coding coding) {
  return coding == Coding::kGzip ? 15 + 16 : 15;
}

// One zlib stream per thread and coding, initialized once and reset per use: deflateInit
// allocates a quarter megabyte, which a per-response init would pay every time.
struct Inflater {
  z_stream s{};
  explicit Inflater(Coding coding) {
    if (inflateInit2(&s, window_bits(coding)) != Z_OK) throw std::bad_alloc();
  }
  ~Inflater() { inflateEnd(&s); }
};

struct Deflater {
  z_stream s{};
  explicit Deflater(Coding coding) {
    if (deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits(coding), 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
      throw std::bad_alloc();
    }
  }
  ~Deflater() { deflateEnd(&s); }
};

z_stream& inflater(Coding coding) {
  thread_local Inflater gzip(Coding::kGzip);
  thread_local Inflater deflate(Coding::kDeflate);
  return coding == Coding::kGzip ? gzip.s : deflate.s;
}

z_stream& deflater(Coding coding) {
  thread_local Deflater gzip(Coding::kGzip);
  thread_local Deflater deflate(Coding::kDeflate);
  return coding == Coding::kGzip ? gzip.s : deflate.s;
}

// The quality of one Accept-Encoding entry from its parameters (what follows the first
// ';'). DynamoDB takes the first "q=" anywhere in them (so "nq=0" counts and "q =0" does
// not), trims the value, ignores a value that is not a number and clamps the rest.
double quality(std::string_view params) {
  size_t at = std::string_view::npos;
  for (size_t i = 0; i + 1 < params.size(); ++i) {
    if ((params[i] == 'q' || params[i] == 'Q') && params[i + 1] == '=') {
      at = i + 2;
      break;
    }
  }
  if (at == std::string_view::npos) return 1;
  std::string_view value = params.substr(at);
  value = trim(value.substr(0, value.find(';')));
  double q = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), q);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || std::isnan(q))
    return 1;
  return std::clamp(q, 0.0, 1.0);
}

}  // namespace

Coding parse_content_encoding(std::string_view value) {
  value = trim(value);
  if (value.empty() || iequals(value, "identity")) return Coding::kIdentity;
  if (iequals(value, "gzip")) return Coding::kGzip;
  if (iequals(value, "deflate")) return Coding::kDeflate;
  return Coding::kUnsupported;
}

Coding choose_response_coding(std::string_view accept_encoding) {
  Coding best = Coding::kIdentity;
  double best_q = 0;  // a coding must have a quality above 0 to be acceptable
  bool named_gzip = false, named_deflate = false;
  double wildcard_q = -1;
  while (!accept_encoding.empty()) {
    const size_t comma = accept_encoding.find(',');
    std::string_view entry = accept_encoding.substr(0, comma);
    accept_encoding.remove_prefix(comma == std::string_view::npos ? accept_encoding.size()
                                                                  : comma + 1);
    const size_t semicolon = entry.find(';');
    const std::string_view name = trim(entry.substr(0, semicolon));
    const std::string_view params =
        semicolon == std::string_view::npos ? std::string_view() : entry.substr(semicolon + 1);
    Coding coding;
    if (iequals(name, "gzip")) {
      coding = Coding::kGzip;
      named_gzip = true;
    } else if (iequals(name, "deflate")) {
      coding = Coding::kDeflate;
      named_deflate = true;
    } else if (name == "*") {
      wildcard_q = std::max(wildcard_q, quality(params));
      continue;
    } else {
      continue;  // identity, codings Cairn does not implement, malformed entries
    }
    if (const double q = quality(params); q > best_q) {
      best = coding;
      best_q = q;
    }
  }
  // "*" stands for the supported codings the header does not name; gzip first.
  if (!named_gzip && wildcard_q > best_q) {
    best = Coding::kGzip;
    best_q = wildcard_q;
  }
  if (!named_deflate && wildcard_q > best_q) best = Coding::kDeflate;
  return best;
}

DecodeStatus decode_body(Coding coding, std::string_view body, std::string& out, size_t limit,
                         size_t padding) {
  out.clear();
  if (body.empty()) return DecodeStatus::kCorrupt;  // not even a header
  z_stream& s = inflater(coding);
  inflateReset(&s);
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  s.avail_in = static_cast<uInt>(body.size());
  // The output grows by doubling up to one byte past the limit: reaching that byte means
  // the body is too large, whatever remains of the input. `padding` bytes stay spare
  // beyond the usable area so that the caller's parser can read past the end.
  size_t usable = std::min(limit + 1, std::max<size_t>(body.size() * 4, 4096));
  out.resize(usable + padding);
  size_t produced = 0;
  for (;;) {
    if (produced == usable) {
      if (usable > limit) return out.clear(), DecodeStatus::kTooLarge;
      usable = std::min(limit + 1, usable * 2);
      out.resize(usable + padding);
    }
    s.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    s.avail_out = static_cast<uInt>(usable - produced);
    const int rc = inflate(&s, Z_NO_FLUSH);
    produced = usable - s.avail_out;
    if (rc == Z_STREAM_END) {
      if (s.avail_in == 0) break;
      // A deflate body is one zlib stream: anything after it is an error (DynamoDB refuses
      // a second stream). A gzip body may be several members (RFC 1952); bytes after a
      // member that do not start another one are ignored, as DynamoDB ignores them.
      if (coding != Coding::kGzip) return out.clear(), DecodeStatus::kCorrupt;
      if (s.avail_in < 2 || s.next_in[0] != 0x1f || s.next_in[1] != 0x8b) break;
      inflateReset(&s);
      continue;
    }
    if (rc == Z_OK || (rc == Z_BUF_ERROR && s.avail_out == 0)) continue;
    // Z_BUF_ERROR with room left: the input ended before the stream did.
    return out.clear(), DecodeStatus::kCorrupt;
  }
  if (produced > limit) return out.clear(), DecodeStatus::kTooLarge;
  out.resize(produced);  // keeps the capacity, padding included
  return DecodeStatus::kOk;
}

void encode_body(Coding coding, std::string_view body, std::string& out) {
  z_stream& s = deflater(coding);
  deflateReset(&s);
  out.resize(deflateBound(&s, static_cast<uLong>(body.size())));
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  s.avail_in = static_cast<uInt>(body.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  // deflateBound guarantees that one Z_FINISH call completes the stream.
  if (deflate(&s, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate failed");
  out.resize(out.size() - s.avail_out);
}

}  // namespace cairn::net
