// One item read by its key for a response (GetItem, BatchGetItem): without a projection it
// stays in its stored form and goes straight to JSON undecoded; with one it is decoded and
// projected.
#pragma once

#include <optional>
#include <string>

#include "api/json_writer.h"
#include "engine/item_store.h"
#include "expr/projection.h"

namespace cairn::api {

class ItemRead {
 public:
  ItemRead(engine::ItemStore& items, const engine::TableInfo& table, const Item& key,
           const std::optional<expr::ProjectionExpression>& projection);

  bool found() const { return stored_ || item_; }
  // The item as the response shows it (projected when asked). Only when found().
  void write(JsonWriter& out) const;
  // The whole item's DynamoDB size (projection or not, the read pays for all of it); 0 when
  // there is none.
  size_t size() const;

 private:
  const std::optional<expr::ProjectionExpression>& projection_;
  std::optional<std::string> stored_;  // without a projection
  std::optional<Item> item_;           // with one
};

}  // namespace cairn::api
