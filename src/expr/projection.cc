#include "expr/projection.h"

#include <map>
#include <string>

namespace cairn::expr {
namespace {

// The selected paths merged into one tree: a node is either selected whole (`whole`) or
// holds the selected parts of a map (fields) or of a list (indexes, kept sorted so the
// projected list comes out compacted in the original order).
struct Node {
  bool whole = false;
  std::map<std::string, Node, std::less<>> fields;
  std::map<uint32_t, Node> indexes;
};

void insert(Node& root, const Path& path) {
  Node* node = &root;
  for (const PathElement& e : path.elements) {
    if (node->whole) return;  // an enclosing path already selects all of it
    node = e.is_index ? &node->indexes[e.index] : &node->fields[e.name];
  }
  node->whole = true;
  node->fields.clear();
  node->indexes.clear();
}

AttributeValue materialize(const Node& node, const AttributeValue& original) {
  if (node.whole) return original;
  AttributeValue out;
  if (!node.fields.empty()) {
    out.type = AttrType::M;
    for (const auto& [name, child] : node.fields) {
      auto it = original.map.find(name);
      if (it != original.map.end()) out.map.emplace(name, materialize(child, it->second));
    }
  } else {
    out.type = AttrType::L;
    for (const auto& [index, child] : node.indexes) {
      if (index < original.list.size())
        out.list.push_back(materialize(child, original.list[index]));
    }
  }
  return out;
}

}  // namespace

Item project_paths(const Item& item, std::span<const Path> paths) {
  Node root;
  for (const Path& path : paths) {
    // Only paths that select something shape the result: a.b[3] of a two-element list
    // must not leave an empty "a": {"b": []} behind.
    if (resolve(&item, path) != nullptr) insert(root, path);
  }
  Item out;
  for (const auto& [name, child] : root.fields) {
    auto it = item.find(name);
    if (it != item.end()) out.emplace(name, materialize(child, it->second));
  }
  return out;
}

}  // namespace cairn::expr
