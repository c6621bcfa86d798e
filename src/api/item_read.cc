#include "api/item_read.h"

#include "api/attribute_json.h"
#include "model/item_size.h"

namespace cairn::api {

ItemRead::ItemRead(engine::ItemStore& items, const engine::TableInfo& table, const Item& key,
                   const std::optional<expr::ProjectionExpression>& projection)
    : projection_(projection) {
  if (projection_) {
    item_ = items.get(table, key);
  } else {
    stored_ = items.get_stored(table, key);
  }
}

void ItemRead::write(JsonWriter& out) const {
  if (stored_) {
    write_stored_item(out, *stored_);
  } else {
    write_item(out, expr::apply_projection(*projection_, *item_));
  }
}

size_t ItemRead::size() const {
  if (stored_) return stored_item_size(*stored_);
  return item_ ? item_size(*item_) : 0;
}

}  // namespace cairn::api
