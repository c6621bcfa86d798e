#include "expr/updater.h"

#include <algorithm>
#include <map>
#include <string>

#include "model/api_error.h"
#include "model/number.h"
#include "model/set_order.h"

namespace cairn::expr {
namespace {

ApiError invalid_path() {
  return ApiError::validation(
      "The document path provided in the update expression is invalid for update");
}

ApiError missing_attribute() {
  return ApiError::validation(
      "The provided expression refers to an attribute that does not exist in the item");
}

constexpr std::string_view kWrongType =
    "An operand in the update expression has an incorrect data type";

ApiError wrong_type() {
  return ApiError::validation(std::string(kWrongType));
}

bool is_set(AttrType t) {
  return t == AttrType::SS || t == AttrType::NS || t == AttrType::BS;
}

// The value of a SET term, read from the item as it was before the update.
AttributeValue compute(const Operand& o, const Item* item) {
  switch (o.kind) {
    case Operand::Kind::kValue:
      if (o.value == nullptr) throw wrong_type();  // unreachable for parsed trees
      return *o.value;
    case Operand::Kind::kPath: {
      const AttributeValue* v = resolve(item, o.path);
      if (v == nullptr) throw missing_attribute();
      return *v;
    }
    case Operand::Kind::kIfNotExists: {
      if (const AttributeValue* v = resolve(item, o.args.at(0).path)) return *v;
      return compute(o.args.at(1), item);
    }
    case Operand::Kind::kListAppend: {
      AttributeValue a = compute(o.args.at(0), item);
      AttributeValue b = compute(o.args.at(1), item);
      if (a.type != AttrType::L || b.type != AttrType::L) throw wrong_type();
      a.list.insert(a.list.end(), std::make_move_iterator(b.list.begin()),
                    std::make_move_iterator(b.list.end()));
      return a;
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus: {
      const AttributeValue a = compute(o.args.at(0), item);
      const AttributeValue b = compute(o.args.at(1), item);
      if (a.type != AttrType::N || b.type != AttrType::N) throw wrong_type();
      const Number x = Number::parse(a.scalar);
      const Number y = Number::parse(b.scalar);
      const Number sum = o.kind == Operand::Kind::kPlus ? x + y : x - y;
      return AttributeValue::number(sum.to_string());
    }
    case Operand::Kind::kSize:
      break;
  }
  throw wrong_type();
}

// ADD: number plus number, or the union of two sets of one type. Lists concatenate, which
// only legacy AttributeUpdates can ask for (the parser refuses a list operand).
void add_into(AttributeValue& target, const AttributeValue& operand) {
  if (target.type != operand.type) throw wrong_type();
  if (target.type == AttrType::N) {
    target.scalar = (Number::parse(target.scalar) + Number::parse(operand.scalar)).to_string();
  } else if (is_set(target.type)) {
    for (const std::string& e : operand.set) {
      if (std::find(target.set.begin(), target.set.end(), e) == target.set.end()) {
        target.set.push_back(e);
      }
    }
    sort_set_members(target.type, target.set);
  } else if (target.type == AttrType::L) {
    target.list.insert(target.list.end(), operand.list.begin(), operand.list.end());
  } else {
    throw wrong_type();
  }
}

// DELETE: removes the operand's elements from a set of the same type.
void delete_from(AttributeValue& target, const AttributeValue& operand) {
  if (target.type != operand.type || !is_set(target.type)) throw wrong_type();
  std::erase_if(target.set, [&](const std::string& e) {
    return std::find(operand.set.begin(), operand.set.end(), e) != operand.set.end();
  });
}

// The actions merged into a tree over their paths. Paths never overlap (the parser
// refuses it), so an action sits only at a leaf, and an inner node's children are either
// all fields or all indexes (conflicting paths are refused too).
struct Node {
  const UpdateAction* action = nullptr;
  const AttributeValue* value = nullptr;  // the SET result or the ADD/DELETE operand
  std::map<std::string, Node, std::less<>> fields;
  std::map<uint32_t, Node> indexes;  // ascending: appends past the end happen in order

  bool only_removes() const {
    if (action != nullptr) return action->kind == UpdateAction::Kind::kRemove;
    for (const auto& [unused, child] : fields) {
      if (!child.only_removes()) return false;
    }
    for (const auto& [unused, child] : indexes) {
      if (!child.only_removes()) return false;
    }
    return true;
  }
};

class Applier {
 public:
  explicit Applier(bool item_missing) : item_missing_(item_missing) {}

  void apply_to_map(AttributeMap& map, const Node& node) {
    for (const auto& [name, child] : node.fields) {
      auto it = map.find(name);
      if (child.action != nullptr) {
        apply_in_map(map, it, name, child);
        continue;
      }
      if (it == map.end()) {
        // DynamoDB quietly ignores REMOVE of nested paths when the item does not exist.
        if (item_missing_ && child.only_removes()) continue;
        throw invalid_path();
      }
      descend(it->second, child);
    }
  }

 private:
  void descend(AttributeValue& value, const Node& node) {
    if (!node.fields.empty()) {
      if (value.type != AttrType::M) throw invalid_path();
      apply_to_map(value.map, node);
    } else {
      if (value.type != AttrType::L) throw invalid_path();
      apply_to_list(value.list, node);
    }
  }

  void apply_in_map(AttributeMap& map, AttributeMap::iterator it, const std::string& name,
                    const Node& leaf) {
    switch (leaf.action->kind) {
      case UpdateAction::Kind::kSet:
        map.insert_or_assign(name, *leaf.value);
        return;
      case UpdateAction::Kind::kRemove:
        if (it != map.end()) map.erase(it);
        return;
      case UpdateAction::Kind::kAdd:
        if (it == map.end()) {
          map.emplace(name, *leaf.value);
        } else {
          add_into(it->second, *leaf.value);
        }
        return;
      case UpdateAction::Kind::kDelete:
        if (it == map.end()) return;
        delete_from(it->second, *leaf.value);
        if (it->second.set.empty()) map.erase(it);
        return;
    }
  }

  void apply_to_list(std::vector<AttributeValue>& list, const Node& node) {
    const size_t size = list.size();
    std::vector<bool> removed(size, false);
    bool any_removed = false;
    std::vector<AttributeValue> appended;
    for (const auto& [index, child] : node.indexes) {
      if (index >= size) {
        if (child.action == nullptr) throw invalid_path();
        const UpdateAction::Kind kind = child.action->kind;
        if (kind == UpdateAction::Kind::kSet || kind == UpdateAction::Kind::kAdd) {
          appended.push_back(*child.value);
        }
        continue;  // REMOVE and DELETE past the end do nothing
      }
      AttributeValue& element = list[index];
      if (child.action == nullptr) {
        descend(element, child);
        continue;
      }
      switch (child.action->kind) {
        case UpdateAction::Kind::kSet:
          element = *child.value;
          break;
        case UpdateAction::Kind::kRemove:
          removed[index] = any_removed = true;
          break;
        case UpdateAction::Kind::kAdd:
          add_into(element, *child.value);
          break;
        case UpdateAction::Kind::kDelete:
          delete_from(element, *child.value);
          if (element.set.empty()) removed[index] = any_removed = true;
          break;
      }
    }
    if (any_removed) {
      size_t kept = 0;
      for (size_t i = 0; i < size; ++i) {
        if (removed[i]) continue;
        if (kept != i) list[kept] = std::move(list[i]);
        ++kept;
      }
      list.resize(kept);
    }
    for (AttributeValue& v : appended) list.push_back(std::move(v));
  }

  bool item_missing_;
};

UpdateResult apply_actions(const UpdateExpression& update, const Item* old_item) {
  // Every SET value is computed before anything changes.
  std::vector<AttributeValue> computed;
  computed.reserve(update.actions.size());
  for (const UpdateAction& action : update.actions) {
    if (action.kind == UpdateAction::Kind::kSet)
      computed.push_back(compute(action.value, old_item));
  }

  Node root;
  size_t next_computed = 0;
  for (const UpdateAction& action : update.actions) {
    Node* node = &root;
    for (const PathElement& e : action.path.elements) {
      node = e.is_index ? &node->indexes[e.index] : &node->fields[e.name];
    }
    node->action = &action;
    if (action.kind == UpdateAction::Kind::kSet) {
      node->value = &computed[next_computed++];
    } else if (action.kind != UpdateAction::Kind::kRemove) {
      if (action.value.value == nullptr) throw wrong_type();  // unreachable for parsed trees
      node->value = action.value.value;
    }
  }

  UpdateResult result;
  if (old_item != nullptr) result.item = *old_item;
  Applier(old_item == nullptr).apply_to_map(result.item, root);
  result.updated_paths = update.target_paths();
  return result;
}

}  // namespace

UpdateResult apply_update(const UpdateExpression& update, const Item* old_item) {
  if (!update.legacy) return apply_actions(update, old_item);
  try {
    return apply_actions(update, old_item);
  } catch (const ApiError& e) {
    // The same mistake, in the wording DynamoDB uses for AttributeUpdates.
    if (e.message() == kWrongType)
      throw ApiError::validation("Type mismatch for attribute to update");
    throw;
  }
}

}  // namespace cairn::expr
