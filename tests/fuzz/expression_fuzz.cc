// libFuzzer target: the expression language (expr/). The first byte chooses the parser
// (condition, filter, key condition, update, projection) and the rest is the expression,
// parsed against fixed ExpressionAttributeNames and Values; a condition that parses is
// evaluated against a fixed item, an update applied to it. Validation errors (ApiError)
// are expected; crashes, hangs and undefined behaviour are findings.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "expr/context.h"
#include "expr/evaluator.h"
#include "expr/parser.h"
#include "expr/updater.h"
#include "model/api_error.h"

namespace {

using namespace cairn;

AttributeValue string_value(std::string v) {
  AttributeValue a;
  a.type = AttrType::S;
  a.scalar = std::move(v);
  return a;
}

AttributeValue number_value(std::string v) {
  AttributeValue a;
  a.type = AttrType::N;
  a.scalar = std::move(v);
  return a;
}

Item sample_item() {
  Item item;
  item["pk"] = string_value("key");
  item["n"] = number_value("42");
  item["s"] = string_value("text");
  AttributeValue list;
  list.type = AttrType::L;
  list.list = {number_value("1"), string_value("two")};
  item["l"] = list;
  AttributeValue map;
  map.type = AttrType::M;
  map.map["inner"] = number_value("-3.5");
  item["m"] = map;
  return item;
}

expr::ExpressionContext make_context() {
  expr::NameMap names = {{"#a", "n"}, {"#b", "m"}, {"#c", "l"}, {"#d", "s"}};
  Item values;
  values[":v"] = number_value("7");
  values[":w"] = string_value("text");
  values[":x"] = sample_item()["l"];
  return expr::ExpressionContext(std::move(names), std::move(values));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  static const Item item = sample_item();
  expr::ExpressionContext ctx = make_context();
  try {
    switch (data[0] % 5) {
      case 0:
      case 1:
      case 2: {
        const auto kind = data[0] % 5 == 0   ? expr::ExpressionKind::kCondition
                          : data[0] % 5 == 1 ? expr::ExpressionKind::kFilter
                                             : expr::ExpressionKind::kKeyCondition;
        const expr::Condition condition = expr::parse_condition(text, kind, ctx);
        (void)expr::evaluate(condition, &item);
        break;
      }
      case 3: {
        const expr::UpdateExpression update = expr::parse_update(text, ctx);
        (void)expr::apply_update(update, &item);
        break;
      }
      case 4:
        (void)expr::parse_projection(text, ctx);
        break;
    }
  } catch (const ApiError&) {
  }
  return 0;
}
