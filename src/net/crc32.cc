#include "net/crc32.h"

#include <zlib.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace cairn::net {
namespace {

#if defined(__x86_64__)

// Folding constants for the bit-reflected polynomial 0x04C11DB7 (Intel, "Fast CRC
// Computation for Generic Polynomials Using PCLMULQDQ Instruction", 2009): x^(k) mod P for
// the fold distances 512+64/512 bits (R1/R2), 128+64/128 bits (R3/R4), 64 bits (R5), and
// the Barrett pair P' / u' for the final 64 -> 32 bit reduction.
constexpr uint64_t kR1 = 0x154442bd4, kR2 = 0x1c6e41596;
constexpr uint64_t kR3 = 0x1751997d0, kR4 = 0x0ccaa009e;
constexpr uint64_t kR5 = 0x163cd6124;
constexpr uint64_t kPoly = 0x1db710641, kMu = 0x1f7011641;

// x * k: the low half of `x` times the low constant plus its high half times the high one.
__attribute__((target("pclmul,sse4.1"))) inline __m128i fold(__m128i x, __m128i k) {
  return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

__attribute__((target("pclmul,sse4.1"))) inline __m128i load(const unsigned char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// The running (uncomplemented) CRC `crc` advanced over `size` bytes: size >= 64 and a
// multiple of 16.
__attribute__((target("pclmul,sse4.1"))) uint32_t fold_bulk(uint32_t crc, const unsigned char* p,
                                                            size_t size) {
  __m128i x0 = _mm_xor_si128(load(p), _mm_cvtsi32_si128(static_cast<int>(crc)));
  __m128i x1 = load(p + 16), x2 = load(p + 32), x3 = load(p + 48);
  p += 64;
  size -= 64;
  const __m128i k12 = _mm_set_epi64x(kR2, kR1);
  for (; size >= 64; p += 64, size -= 64) {
    x0 = _mm_xor_si128(fold(x0, k12), load(p));
    x1 = _mm_xor_si128(fold(x1, k12), load(p + 16));
    x2 = _mm_xor_si128(fold(x2, k12), load(p + 32));
    x3 = _mm_xor_si128(fold(x3, k12), load(p + 48));
  }
  const __m128i k34 = _mm_set_epi64x(kR4, kR3);
  __m128i x = _mm_xor_si128(fold(x0, k34), x1);
  x = _mm_xor_si128(fold(x, k34), x2);
  x = _mm_xor_si128(fold(x, k34), x3);
  for (; size >= 16; p += 16, size -= 16) x = _mm_xor_si128(fold(x, k34), load(p));

  // 128 -> 64 bits (appending 32 zero bits), then 64 -> 32 by Barrett reduction.
  const __m128i mask32 = _mm_set_epi32(0, 0, 0, -1);
  x = _mm_xor_si128(_mm_srli_si128(x, 8), _mm_clmulepi64_si128(x, k34, 0x10));
  x = _mm_xor_si128(_mm_srli_si128(x, 4),
                    _mm_clmulepi64_si128(_mm_and_si128(x, mask32), _mm_set_epi64x(0, kR5), 0x00));
  const __m128i barrett = _mm_set_epi64x(kMu, kPoly);
  __m128i t = _mm_and_si128(_mm_clmulepi64_si128(_mm_and_si128(x, mask32), barrett, 0x10), mask32);
  x = _mm_xor_si128(x, _mm_clmulepi64_si128(t, barrett, 0x00));
  return static_cast<uint32_t>(_mm_extract_epi32(x, 1));
}

bool has_carryless_multiply() {
  static const bool yes = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
  return yes;
}

#endif

}  // namespace

uint32_t crc32_of(std::string_view data) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t size = data.size();
  uLong crc = 0;
#if defined(__x86_64__)
  if (size >= 64 && has_carryless_multiply()) {
    const size_t bulk = size & ~size_t{15};
    crc = ~fold_bulk(~uint32_t{0}, p, bulk) & 0xffffffffu;
    p += bulk;
    size -= bulk;
  }
#endif
  return static_cast<uint32_t>(::crc32(crc, p, static_cast<uInt>(size)));
}

}  // namespace cairn::net
