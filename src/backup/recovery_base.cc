#include "backup/recovery_base.h"

#include "model/item_codec.h"

namespace cairn::backup {

std::string RecoveryBase::directory_name() const {
  return std::to_string(table.storage_id) + "-" + std::to_string(replay_from);
}

std::string encode_recovery_base(const RecoveryBase& base) {
  Item item;
  item["replay_from"] = AttributeValue::number(std::to_string(base.replay_from));
  item["usable_from_ms"] = AttributeValue::number(std::to_string(base.usable_from_ms));
  AttributeValue table;
  table.type = AttrType::M;
  table.map = engine::table_info_to_item(base.table);
  item["table"] = std::move(table);
  return encode_item(item);
}

RecoveryBase decode_recovery_base(std::string_view bytes) {
  const Item item = decode_item(bytes);
  RecoveryBase base;
  base.replay_from = std::stoull(item.at("replay_from").scalar);
  base.usable_from_ms = std::stoll(item.at("usable_from_ms").scalar);
  base.table = engine::table_info_from_item(item.at("table").map);
  return base;
}

size_t bases_outside_window(const std::vector<RecoveryBase>& oldest_first,
                            int64_t window_start_ms) {
  // The newest base usable at the window's start serves its earliest restores; those before
  // it serve none.
  size_t newest_usable = 0;
  bool any = false;
  for (size_t i = 0; i < oldest_first.size(); ++i) {
    if (oldest_first[i].usable_from_ms <= window_start_ms) {
      newest_usable = i;
      any = true;
    }
  }
  return any ? newest_usable : 0;
}

}  // namespace cairn::backup
