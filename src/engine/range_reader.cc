#include "engine/range_reader.h"

#include "engine/index_keys.h"
#include "engine/key_rules.h"
#include "model/item_codec.h"
#include "model/item_size.h"
#include "model/key_codec.h"

namespace cairn::engine {

ReadPage RangeReader::read(const TableInfo& table, const ReadRequest& request,
                           const ItemFilter& filter) {
  ReadPage page;
  auto it = store_.scan(request.range.lower, request.range.upper);
  if (request.forward) {
    if (request.start_after) {
      it->seek(key_successor(*request.start_after));
    } else {
      it->seek_to_first();
    }
  } else {
    if (request.start_after) {
      it->seek_for_prev(*request.start_after);
      if (it->valid() && it->key() == *request.start_after) it->prev();
    } else {
      it->seek_to_last();
    }
  }
  const bool stored_form = request.stored_form && !filter && !request.expand;
  for (; it->valid(); request.forward ? it->next() : it->prev()) {
    ++page.scanned;
    std::optional<Item> item;
    if (stored_form) {
      page.bytes_read += stored_item_size(it->value());
    } else {
      item = decode_item(it->value());
      if (request.expand) item = request.expand(std::move(*item));
      page.bytes_read += item_size(*item);
    }
    const bool page_full =
        (request.limit > 0 && page.scanned >= request.limit) || page.bytes_read >= kMaxPageBytes;
    if (page_full) {
      if (!item) item = decode_item(it->value());
      page.last_evaluated_key =
          request.index ? index_key_of(table, *request.index, *item) : key_of(table, *item);
    }
    if (stored_form) {
      page.stored.emplace_back(it->value());
    } else if (!filter || filter(*item)) {
      page.items.push_back(std::move(*item));
    }
    if (page_full) break;
  }
  return page;
}

KeyRange RangeReader::segment_range(uint64_t storage_id, int64_t segment, int64_t total) {
  const std::string prefix = table_prefix(storage_id);
  auto bound = [&](int64_t s) {
    // Segment s starts at hash floor(s * 2^64 / total); computed without overflow.
    const unsigned __int128 start = (static_cast<unsigned __int128>(s) << 64) / total;
    std::string key = prefix;
    append_big_endian64(key, static_cast<uint64_t>(start));
    return key;
  };
  KeyRange r;
  r.lower = segment == 0 ? prefix : bound(segment);
  r.upper = segment + 1 == total ? prefix_successor(prefix) : bound(segment + 1);
  return r;
}

}  // namespace cairn::engine
