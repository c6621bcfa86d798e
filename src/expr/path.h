// Document paths: a top-level attribute name followed by map fields (".name") and list
// indexes ("[3]"), e.g. a.b[2].c. Every expression kind names attributes this way. A path
// here is always resolved: ExpressionAttributeNames placeholders have already been replaced
// by the names they stand for, so "#a" standing for "x.y" is one element named "x.y".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"

namespace cairn::expr {

// DynamoDB's documented nesting limit: a path may have at most 32 levels, the top-level
// attribute included.
constexpr size_t kMaxPathDepth = 32;

struct PathElement {
  std::string name;    // the field name, when !is_index
  uint32_t index = 0;  // the list position, when is_index
  bool is_index = false;

  static PathElement field(std::string name) { return {std::move(name), 0, false}; }
  static PathElement list_index(uint32_t i) { return {{}, i, true}; }
  bool operator==(const PathElement& other) const = default;
};

struct Path {
  std::vector<PathElement> elements;  // never empty; elements[0] is a field

  static Path attribute(std::string name) { return {{PathElement::field(std::move(name))}}; }
  // Appends a field or index (builder style, for code that constructs paths directly).
  Path& field(std::string name) {
    elements.push_back(PathElement::field(std::move(name)));
    return *this;
  }
  Path& index(uint32_t i) {
    elements.push_back(PathElement::list_index(i));
    return *this;
  }

  const std::string& top() const { return elements.front().name; }
  size_t depth() const { return elements.size(); }
  bool operator==(const Path& other) const = default;

  // DynamoDB's rendering in error messages: "[a, b, [2], c]".
  std::string to_string() const;
};

// The value at `path` in `item`, or nullptr when any step is missing or has the wrong type
// (a field of a non-map, an index of a non-list or past its end). item may be null.
const AttributeValue* resolve(const Item* item, const Path& path);

// How two paths of one expression relate. DynamoDB refuses overlapping paths (one is a
// prefix of, or equal to, the other) and conflicting ones (they agree up to an element
// that is a field in one and an index in the other), in update and projection expressions.
enum class PathRelation { kDisjoint, kOverlap, kConflict };
PathRelation relate(const Path& a, const Path& b);

}  // namespace cairn::expr
