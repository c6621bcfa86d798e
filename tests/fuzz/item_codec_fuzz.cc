// libFuzzer target: the stored item codec (model/item_codec.h), which reads bytes from
// disk. Arbitrary bytes either decode or are refused as corrupt (ApiError); what decodes
// must encode to bytes that decode to the same item, and measure the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "model/api_error.h"
#include "model/item_codec.h"
#include "model/item_size.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  cairn::Item item;
  try {
    item = cairn::decode_item(bytes);
  } catch (const cairn::ApiError&) {
    return 0;
  }
  const std::string again = cairn::encode_item(item);
  const cairn::Item round = cairn::decode_item(again);
  if (round != item) std::abort();
  if (cairn::stored_item_size(again) != cairn::item_size(item)) std::abort();
  return 0;
}
