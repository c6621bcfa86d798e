#include "engine/range_reader.h"

#include <algorithm>

#include "engine/index_keys.h"
#include "engine/key_rules.h"
#include "model/item_codec.h"
#include "model/item_size.h"
#include "model/key_codec.h"
#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

size_t partition_of_key(std::string_view key) {
  return scan_partition(partition_hash_of_key(key));
}

// The partition where a range starting at `lower` (inclusive) starts: a bound shorter than a
// hash (the table's own prefix) is the start of the key space.
size_t partition_from(std::string_view lower) {
  return lower.size() < kPartitionPrefixBytes ? 0 : partition_of_key(lower);
}

// The partition where a range ending before `upper` (exclusive) ends: no bound, or one
// shorter than a hash (the successor of the table's prefix), is the end of the key space; a
// bound that is a bare hash (a Scan segment's) ends just below that hash.
size_t partition_until(std::string_view upper) {
  if (upper.size() < kPartitionPrefixBytes) return kScanPartitions - 1;
  const uint64_t hash = partition_hash_of_key(upper);
  if (upper.size() == kPartitionPrefixBytes && hash > 0) return scan_partition(hash - 1);
  return scan_partition(hash);
}

}  // namespace

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
  // The partitions the page goes through: from where it starts to where it stops, in
  // reading direction.
  const size_t range_first = partition_from(request.range.lower);
  const size_t range_last = partition_until(request.range.upper);
  size_t start = request.forward ? range_first : range_last;
  if (request.start_after) start = partition_of_key(*request.start_after);
  size_t stop = request.forward ? range_last : range_first;
  const bool stored_form = request.stored_form && !filter && !request.expand;
  for (; it->valid(); request.forward ? it->next() : it->prev()) {
    ++page.scanned;
    std::optional<Item> item;
    size_t size;
    if (stored_form) {
      size = stored_item_size(it->value());
    } else {
      item = decode_item(it->value());
      if (request.expand) item = request.expand(std::move(*item));
      size = item_size(*item);
    }
    page.bytes_read += size;
    page.partitions.bytes[partition_of_key(it->key())] += size;
    const bool page_full =
        (request.limit > 0 && page.scanned >= request.limit) || page.bytes_read >= kMaxPageBytes;
    if (page_full) {
      if (!item) item = decode_item(it->value());
      page.last_evaluated_key =
          request.index ? index_key_of(table, *request.index, *item) : key_of(table, *item);
      stop = partition_of_key(it->key());
    }
    if (stored_form) {
      page.stored.emplace_back(it->value());
    } else if (!filter || filter(*item)) {
      page.items.push_back(std::move(*item));
    }
    if (page_full) break;
  }
  page.partitions.first = std::min(start, stop);
  page.partitions.last = std::max(start, stop);
  return page;
}

KeyRange RangeReader::segment_range(uint64_t storage_id, int64_t segment, int64_t total) {
  const std::string prefix = storage_prefix(storage_id);
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
