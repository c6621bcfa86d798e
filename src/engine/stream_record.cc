#include "engine/stream_record.h"

#include "engine/key_rules.h"
#include "model/api_error.h"
#include "model/item_codec.h"
#include "model/item_size.h"

namespace cairn::engine {
namespace {

AttributeValue number(int64_t v) {
  return AttributeValue::number(std::to_string(v));
}

AttributeValue map(Item m) {
  AttributeValue v;
  v.type = AttrType::M;
  v.map = std::move(m);
  return v;
}

}  // namespace

size_t StreamRecord::size_bytes() const {
  size_t size = item_size(keys);
  if (new_image) size += item_size(*new_image);
  if (old_image) size += item_size(*old_image);
  return size;
}

std::optional<StreamRecord> describe_change(const TableInfo& table, StreamViewType view,
                                            const Item* old_item, const Item* new_item,
                                            ChangeOrigin origin, int64_t now_ms) {
  if (!old_item && !new_item) return std::nullopt;
  if (old_item && new_item && *old_item == *new_item) return std::nullopt;
  StreamRecord r;
  r.event = !old_item   ? StreamEventName::kInsert
            : !new_item ? StreamEventName::kRemove
                        : StreamEventName::kModify;
  r.created_ms = now_ms;
  r.origin = origin;
  r.keys = key_of(table, new_item ? *new_item : *old_item);
  const bool keep_new =
      view == StreamViewType::kNewImage || view == StreamViewType::kNewAndOldImages;
  const bool keep_old =
      view == StreamViewType::kOldImage || view == StreamViewType::kNewAndOldImages;
  if (keep_new && new_item) r.new_image = *new_item;
  if (keep_old && old_item) r.old_image = *old_item;
  return r;
}

std::string encode_stream_record(const StreamRecord& record) {
  Item stored;
  stored["e"] = number(static_cast<int64_t>(record.event));
  stored["t"] = number(record.created_ms);
  stored["k"] = map(record.keys);
  if (record.new_image) stored["n"] = map(*record.new_image);
  if (record.old_image) stored["o"] = map(*record.old_image);
  if (record.origin == ChangeOrigin::kTimeToLive) stored["u"] = number(1);
  return encode_item(stored);
}

StreamRecord decode_stream_record(std::string_view bytes, uint64_t sequence) {
  Item stored = decode_item(bytes);
  auto field = [&](std::string_view name) -> AttributeValue& {
    auto it = stored.find(name);
    if (it == stored.end()) throw ApiError::internal("corrupt stream record");
    return it->second;
  };
  StreamRecord r;
  r.sequence = sequence;
  r.event = static_cast<StreamEventName>(std::stoi(field("e").scalar));
  r.created_ms = std::stoll(field("t").scalar);
  r.keys = std::move(field("k").map);
  if (auto it = stored.find("n"); it != stored.end()) r.new_image = std::move(it->second.map);
  if (auto it = stored.find("o"); it != stored.end()) r.old_image = std::move(it->second.map);
  if (stored.count("u")) r.origin = ChangeOrigin::kTimeToLive;
  return r;
}

}  // namespace cairn::engine
