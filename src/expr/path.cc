#include "expr/path.h"

#include <algorithm>

namespace cairn::expr {

std::string Path::to_string() const {
  std::string out = "[";
  for (size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) out += ", ";
    const PathElement& e = elements[i];
    if (e.is_index) {
      out += "[" + std::to_string(e.index) + "]";
    } else {
      out += e.name;
    }
  }
  out += "]";
  return out;
}

const AttributeValue* resolve(const Item* item, const Path& path) {
  if (item == nullptr || path.elements.empty()) return nullptr;
  auto top = item->find(path.elements.front().name);
  if (top == item->end()) return nullptr;
  const AttributeValue* current = &top->second;
  for (size_t i = 1; i < path.elements.size(); ++i) {
    const PathElement& e = path.elements[i];
    if (e.is_index) {
      if (current->type != AttrType::L || e.index >= current->list.size()) return nullptr;
      current = &current->list[e.index];
    } else {
      if (current->type != AttrType::M) return nullptr;
      auto it = current->map.find(e.name);
      if (it == current->map.end()) return nullptr;
      current = &it->second;
    }
  }
  return current;
}

PathRelation relate(const Path& a, const Path& b) {
  const size_t common = std::min(a.elements.size(), b.elements.size());
  for (size_t i = 0; i < common; ++i) {
    const PathElement& x = a.elements[i];
    const PathElement& y = b.elements[i];
    if (x.is_index != y.is_index) return PathRelation::kConflict;
    if (!(x == y)) return PathRelation::kDisjoint;
  }
  return PathRelation::kOverlap;
}

}  // namespace cairn::expr
