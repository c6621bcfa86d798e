// Test data shared by the unit tests of the item codec, the item size rules and the JSON
// rendering of stored items.
#pragma once

#include "model/attribute_value.h"

namespace cairn::testing_support {

// Every type, nested both ways: maps in lists in maps, sets in lists, empty containers.
inline Item rich_item() {
  auto of = [](AttrType t) {
    AttributeValue v;
    v.type = t;
    return v;
  };
  AttributeValue ns = of(AttrType::NS);
  ns.set = {"1000", "-0.001", "12345678901234567890"};
  AttributeValue bs = of(AttrType::BS);
  bs.set = {std::string("\x00\x01", 2), "\xff\"\\"};
  AttributeValue ss = of(AttrType::SS);
  ss.set = {"a\"b", "line\nbreak"};
  AttributeValue inner = of(AttrType::M);
  inner.map["deep"] = AttributeValue::number("7");
  inner.map["empty list"] = of(AttrType::L);
  inner.map["empty map"] = of(AttrType::M);
  AttributeValue list = of(AttrType::L);
  list.list = {inner, ns, AttributeValue::binary("bin"), of(AttrType::NUL), inner};
  list.list[3].boolean = true;
  AttributeValue lists = of(AttrType::L);
  lists.list = {list, list};
  AttributeValue outer = of(AttrType::M);
  outer.map["lists"] = lists;
  outer.map["bs"] = bs;
  AttributeValue yes = of(AttrType::BOOL);
  yes.boolean = true;
  Item item;
  item["outer"] = outer;
  item["ss"] = ss;
  item["flag"] = yes;
  item["no"] = of(AttrType::BOOL);
  item["s"] = AttributeValue::string("text");
  item["n"] = AttributeValue::number("-12.5");
  item["list"] = list;
  return item;
}

}  // namespace cairn::testing_support
