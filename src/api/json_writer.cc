#include "api/json_writer.h"

#include <array>
#include <charconv>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cairn::api {

namespace {

// True for bytes that JSON requires escaped: control characters, '"' and '\\'. A table, as
// the tail of every string (and all of a short one, such as most names) is checked byte
// by byte.
constexpr auto kNeedsEscape = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = true;
  table['\\'] = true;
  return table;
}();

constexpr bool needs_escape(unsigned char c) {
  return kNeedsEscape[c];
}

#if defined(__SSE2__)
// One bit per byte of the 16 at p that needs escaping.
int special_bytes(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i last_control = _mm_set1_epi8(0x1f);
  // v <= 0x1f (unsigned) exactly when max(v, 0x1f) == 0x1f.
  const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, last_control), last_control);
  const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
  const __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
  return _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash)));
}
#endif

// Whether some byte of the 8 in w needs escaping (exact, though not which byte).
bool word_needs_escape(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  const uint64_t control = (w - kOnes * 0x20) & ~w & kHighs;  // some byte < 0x20
  return (control | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) != 0;
}

// The position of the first byte at or after `i` that needs escaping (s.size() if none).
// Strings are usually plain text, so blocks of 16 bytes (8 without SSE2) are checked at
// once and copied later as one run.
size_t next_escape(std::string_view s, size_t i) {
#if defined(__SSE2__)
  for (; i + 16 <= s.size(); i += 16) {
    if (const int mask = special_bytes(s.data() + i)) return i + __builtin_ctz(mask);
  }
#else
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (word_needs_escape(w)) break;
  }
#endif
  while (i < s.size() && !needs_escape(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

}  // namespace

// Checked with few branches: short strings (most names) as two overlapping words, long
// ones 16 bytes at a time with an overlapping last block.
bool is_json_plain(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  if (n < 4) {
    bool special = false;
    for (size_t i = 0; i < n; ++i) special |= needs_escape(static_cast<unsigned char>(p[i]));
    return !special;
  }
  if (n < 8) {
    uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    return !word_needs_escape(a | (static_cast<uint64_t>(b) << 32));
  }
  if (n < 16) {
    uint64_t a, b;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
    return !word_needs_escape(a) && !word_needs_escape(b);
  }
#if defined(__SSE2__)
  int any = special_bytes(p + n - 16);
  for (size_t i = 0; i + 16 < n; i += 16) any |= special_bytes(p + i);
  return any == 0;
#else
  return next_escape(s, 0) == n;
#endif
}

void append_json_escaped(OutputBuffer& out, std::string_view s) {
  if (is_json_plain(s)) {
    out.append(s.data(), s.size());
    return;
  }
  static const char* hex = "0123456789abcdef";
  size_t run = 0;  // start of the current run of characters that need no escaping
  for (size_t i = next_escape(s, 0); i < s.size(); i = next_escape(s, run)) {
    const auto c = static_cast<unsigned char>(s[i]);
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      default:
        out.append("\\u00");
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xf]);
    }
  }
  out.append(s.data() + run, s.size() - run);
}

void JsonWriter::escaped_key(std::string_view name) {
  out_.commit(separated(0));
  out_.push_back('"');
  append_json_escaped(out_, name);
  out_.append("\":");
  need_comma_ = false;
}

void JsonWriter::escaped_string(std::string_view s) {
  out_.commit(separated(0));
  out_.push_back('"');
  append_json_escaped(out_, s);
  out_.push_back('"');
  need_comma_ = true;
}

void JsonWriter::integer(int64_t v) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
  raw_number(std::string_view(digits, static_cast<size_t>(end - digits)));
}

void JsonWriter::decimal_seconds(int64_t millis) {
  char text[32];
  auto [end, ec] = std::to_chars(text, text + 24, millis / 1000);
  const int64_t frac = millis % 1000;
  *end++ = '.';
  *end++ = static_cast<char>('0' + frac / 100);
  *end++ = static_cast<char>('0' + frac / 10 % 10);
  *end++ = static_cast<char>('0' + frac % 10);
  raw_number(std::string_view(text, static_cast<size_t>(end - text)));
}

}  // namespace cairn::api
