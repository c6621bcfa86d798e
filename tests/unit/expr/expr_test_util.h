// Shorthands for building attribute values and items in the expression tests.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "expr/context.h"
#include "model/api_error.h"
#include "model/attribute_value.h"

namespace cairn::expr::testing {

inline AttributeValue S(std::string s) {
  return AttributeValue::string(std::move(s));
}
inline AttributeValue N(std::string n) {
  return AttributeValue::number(std::move(n));
}
inline AttributeValue B(std::string b) {
  return AttributeValue::binary(std::move(b));
}
inline AttributeValue Bool(bool b) {
  AttributeValue v;
  v.type = AttrType::BOOL;
  v.boolean = b;
  return v;
}
inline AttributeValue Null() {
  AttributeValue v;
  v.type = AttrType::NUL;
  v.boolean = true;
  return v;
}
inline AttributeValue set_of(AttrType t, std::vector<std::string> elements) {
  AttributeValue v;
  v.type = t;
  v.set = std::move(elements);
  return v;
}
inline AttributeValue SS(std::vector<std::string> e) {
  return set_of(AttrType::SS, std::move(e));
}
inline AttributeValue NS(std::vector<std::string> e) {
  return set_of(AttrType::NS, std::move(e));
}
inline AttributeValue BS(std::vector<std::string> e) {
  return set_of(AttrType::BS, std::move(e));
}
inline AttributeValue L(std::vector<AttributeValue> elements) {
  AttributeValue v;
  v.type = AttrType::L;
  v.list = std::move(elements);
  return v;
}
inline AttributeValue M(std::initializer_list<std::pair<const std::string, AttributeValue>> e) {
  AttributeValue v;
  v.type = AttrType::M;
  v.map = AttributeMap(e);
  return v;
}
inline Item item(std::initializer_list<std::pair<const std::string, AttributeValue>> e) {
  return Item(e);
}

// Runs f and returns the ValidationException's message, or "" when nothing was thrown.
template <typename F>
std::string validation_message(F&& f) {
  try {
    f();
  } catch (const ApiError& e) {
    if (e.type() != ErrorType::kValidation)
      return "unexpected error type: " + std::string(e.what());
    return std::string(e.message());
  }
  return "";
}

}  // namespace cairn::expr::testing
