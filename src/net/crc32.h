// The CRC-32 of a response body, for the x-amz-crc32 header (the IEEE/zlib polynomial, as
// the AWS SDKs check it). Every response pays for it, so on x86 CPUs with carry-less
// multiply it folds 64 bytes per step; elsewhere, and for the tail, zlib computes it.
#pragma once

#include <cstdint>
#include <string_view>

namespace cairn::net {

// Same value as zlib's crc32(0, data, size).
uint32_t crc32_of(std::string_view data);

}  // namespace cairn::net
