// One DynamoDB Streams record: what changed in one item, as the stream's view type keeps
// it, and its stored form. A record is built from the item before and after a write;
// a write that changed nothing gets no record (as DynamoDB).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine {

enum class StreamEventName : uint8_t { kInsert, kModify, kRemove };

// Who made a change: a request, or the Time to Live expirer (whose REMOVE records carry
// DynamoDB's service userIdentity).
enum class ChangeOrigin : uint8_t { kRequest, kTimeToLive };

struct StreamRecord {
  uint64_t sequence = 0;  // assigned when appended
  StreamEventName event = StreamEventName::kInsert;
  int64_t created_ms = 0;
  Item keys;
  std::optional<Item> new_image;
  std::optional<Item> old_image;
  ChangeOrigin origin = ChangeOrigin::kRequest;

  // DynamoDB's SizeBytes: the keys and images the record carries.
  size_t size_bytes() const;
};

// The record describing a change of one item of table from old_item to new_item (nullptr:
// absent), keeping the images table's stream view type asks for; nullopt when the item
// is the same before and after (or absent both times).
std::optional<StreamRecord> describe_change(const TableInfo& table, StreamViewType view,
                                            const Item* old_item, const Item* new_item,
                                            ChangeOrigin origin, int64_t now_ms);

std::string encode_stream_record(const StreamRecord& record);
StreamRecord decode_stream_record(std::string_view bytes, uint64_t sequence);

}  // namespace cairn::engine
