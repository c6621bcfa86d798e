// Writes the items of an import (ImportTable) into a table that is being made, so nobody
// else writes it yet: each item is checked as PutItem checks it (keys, index keys, 400 KB),
// then written through the one write path (index entries follow) in batched commits. Two
// items with one key: the later one stays, as DynamoDB's import keeps one of them.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_set>

#include "engine/storage_fwd.h"
#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine {

class ItemChangeWriter;
class NewItem;

class ItemImporter {
 public:
  ItemImporter(storage::KvStore& store, ItemChangeWriter& changes, const TableInfo& table);
  ~ItemImporter();
  ItemImporter(const ItemImporter&) = delete;
  ItemImporter& operator=(const ItemImporter&) = delete;

  // Checks item and stages its write; ValidationException (DynamoDB's PutItem words) and
  // nothing staged when it is invalid. Commits once a batch is full.
  void add(Item item);
  // Commits what is staged.
  void flush();

 private:
  storage::KvStore& store_;
  ItemChangeWriter& changes_;
  const TableInfo& table_;
  std::deque<Item> items_;
  std::deque<NewItem> staged_;
  std::unordered_set<std::string> keys_;  // of the staged items
};

}  // namespace cairn::engine
