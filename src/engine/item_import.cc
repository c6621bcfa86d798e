#include "engine/item_import.h"

#include "engine/item_commit.h"

namespace cairn::engine {
namespace {

// Items per commit: a commit's cost spread over many, a batch's memory small.
constexpr size_t kItemsPerCommit = 256;

}  // namespace

ItemImporter::ItemImporter(storage::KvStore& store, ItemChangeWriter& changes,
                           const TableInfo& table)
    : store_(store), changes_(changes), table_(table) {}

ItemImporter::~ItemImporter() = default;

void ItemImporter::add(Item item) {
  Item& kept = items_.emplace_back(std::move(item));
  try {
    NewItem checked(table_, kept);
    // A second item with a key this batch holds: the first is committed before it.
    if (keys_.count(checked.key())) {
      Item again = std::move(kept);
      items_.pop_back();
      flush();
      add(std::move(again));
      return;
    }
    keys_.insert(checked.key());
    staged_.push_back(std::move(checked));
  } catch (...) {
    items_.pop_back();
    throw;
  }
  if (staged_.size() >= kItemsPerCommit) flush();
}

void ItemImporter::flush() {
  if (staged_.empty()) return;
  ItemCommit commit(store_, changes_);
  for (const NewItem& item : staged_) {
    // Read under the lock: an item imported before with this key has index entries to move.
    const LockedItem before = commit.read_locked(item.key());
    commit.write(table_, before, &item);
  }
  commit.commit();
  staged_.clear();
  items_.clear();
  keys_.clear();
}

}  // namespace cairn::engine
