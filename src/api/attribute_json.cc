#include "api/attribute_json.h"

#include <algorithm>

#include "api/base64.h"
#include "api/error_response.h"
#include "model/api_error.h"
#include "model/attribute_name.h"
#include "model/number.h"
#include "model/set_order.h"
#include "model/stored_item_walker.h"

namespace cairn::api {
namespace {

ApiError invalid(std::string what) {
  return ApiError::validation("One or more parameter values were invalid: " + std::move(what));
}

std::string decode_binary(JsonElement e) {
  std::string_view text = as_string(e);
  std::string bytes;
  if (!base64_decode(text, bytes)) {
    throw ApiError::serialization(
        "Base64 encoded length is expected a multiple of 4 bytes but found: " +
        std::to_string(text.size()));
  }
  return bytes;
}

// Small sets, the usual ones, are compared pairwise (no allocation); larger ones through a
// sorted copy of views.
bool has_duplicates(const std::vector<std::string>& members) {
  constexpr size_t kPairwiseUpTo = 16;
  if (members.size() <= kPairwiseUpTo) {
    for (size_t i = 1; i < members.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (members[i] == members[j]) return true;
      }
    }
    return false;
  }
  std::vector<std::string_view> sorted(members.begin(), members.end());
  std::sort(sorted.begin(), sorted.end());
  return std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
}

// The members of a set, converted one by one, then checked for emptiness and duplicates
// the way DynamoDB reports them.
template <typename Convert>
std::vector<std::string> parse_set(JsonElement e, AttrType type, Convert convert) {
  JsonArray array = as_array(e);
  std::vector<std::string> members;
  members.reserve(array.size());
  for (JsonElement m : array) members.push_back(convert(m));
  if (members.empty()) {
    switch (type) {
      case AttrType::SS:
        throw invalid("An string set  may not be empty");
      case AttrType::NS:
        throw invalid("An number set  may not be empty");
      default:
        throw invalid("Binary sets should not be empty");
    }
  }
  if (has_duplicates(members)) {
    std::string listing = "[";
    // Past the longest message an error carries, the rest would be cut anyway.
    for (size_t i = 0; i < members.size() && listing.size() <= kMaxErrorMessageBytes; ++i) {
      if (i) listing += ", ";
      if (type == AttrType::BS) {
        base64_encode(members[i], listing);
      } else {
        listing += members[i];
      }
    }
    throw invalid("Input collection " + listing + "] contains duplicates.");
  }
  sort_set_members(type, members);
  return members;
}

// Renders the stored form's events as write_item renders the decoded item.
class StoredItemJson {
 public:
  explicit StoredItemJson(JsonWriter& w) : w_(w) {}

  void begin_map(size_t) {
    if (depth_++ > 0) open_value(AttrType::M);
    w_.begin_object();
  }
  void end_map() {
    w_.end_object();
    if (--depth_ > 0) w_.end_object();
  }
  void name(std::string_view n) { w_.key(n); }
  void begin_list(size_t) {
    open_value(AttrType::L);
    w_.begin_array();
  }
  void end_list() {
    w_.end_array();
    w_.end_object();
  }
  void scalar(AttrType type, std::string_view bytes) {
    open_value(type);
    string(type, bytes);
    w_.end_object();
  }
  void boolean(bool b) {
    open_value(AttrType::BOOL);
    w_.boolean(b);
    w_.end_object();
  }
  void null() {
    open_value(AttrType::NUL);
    w_.boolean(true);
    w_.end_object();
  }
  void begin_set(AttrType type, size_t count) {
    open_value(type);
    w_.begin_array();
    set_type_ = type;
    members_.clear();
    members_.reserve(count);
  }
  // Members point into the stored item, alive for the whole walk.
  void set_member(std::string_view bytes) { members_.push_back(bytes); }
  void end_set() {
    // Sets are stored in order; one an older Cairn stored unordered is ordered here.
    sort_set_members(set_type_, members_);
    for (auto m : members_) string(set_type_, m);
    w_.end_array();
    w_.end_object();
  }

 private:
  void open_value(AttrType type) {
    w_.begin_object();
    w_.plain_key(type_name(type));
  }
  // A binary value or set member goes out in base64; strings and numbers as they are.
  void string(AttrType type, std::string_view bytes) {
    if (type == AttrType::B || type == AttrType::BS) {
      text_.clear();
      base64_encode(bytes, text_);
      w_.string(text_);
    } else {
      w_.string(bytes);
    }
  }

  JsonWriter& w_;
  int depth_ = 0;
  AttrType set_type_ = AttrType::SS;
  std::vector<std::string_view> members_;
  std::string text_;
};

}  // namespace

AttributeValue parse_attribute_value(JsonElement e, int depth) {
  if (depth > kMaxNestingDepth) {
    // DynamoDB's full wording (captured from the service).
    throw ApiError::validation(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
        "levels beyond supported limit");
  }
  JsonObject obj = as_object(e);
  AttributeValue v;
  int types = 0;
  JsonElement payload;
  for (auto [name, value] : obj) {
    AttrType t;
    if (!parse_type_name(name, t)) continue;  // unknown members are ignored, as DynamoDB does
    if (value.is_null()) continue;
    ++types;
    v.type = t;
    payload = value;
  }
  if (types == 0) {
    throw ApiError::validation(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  if (types > 1) {
    throw ApiError::validation(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
        "the supported datatypes");
  }
  switch (v.type) {
    case AttrType::S:
      v.scalar = std::string(as_string(payload));
      break;
    case AttrType::N:
      v.scalar = Number::parse(as_string(payload)).to_string();
      break;
    case AttrType::B:
      v.scalar = decode_binary(payload);
      break;
    case AttrType::BOOL:
      v.boolean = as_boolean(payload);
      break;
    case AttrType::NUL:
      if (!as_boolean(payload))
        throw invalid("Null attribute value types must have the value of true");
      v.boolean = true;
      break;
    case AttrType::SS:
      v.set = parse_set(payload, v.type, [](JsonElement m) { return std::string(as_string(m)); });
      break;
    case AttrType::NS:
      v.set = parse_set(payload, v.type,
                        [](JsonElement m) { return Number::parse(as_string(m)).to_string(); });
      break;
    case AttrType::BS:
      v.set = parse_set(payload, v.type, decode_binary);
      break;
    case AttrType::L:
      for (JsonElement m : as_array(payload)) v.list.push_back(parse_attribute_value(m, depth + 1));
      break;
    case AttrType::M:
      for (auto [name, m] : as_object(payload)) {
        v.map.insert_or_assign(std::string(name), parse_attribute_value(m, depth + 1));
      }
      break;
  }
  return v;
}

Item parse_item(JsonObject object) {
  Item item;
  for (auto [name, value] : object) {
    check_attribute_name(name);
    item.insert_or_assign(std::string(name), parse_attribute_value(value));
  }
  return item;
}

namespace {

// A set's members in set order. Sets are built in order; one an older Cairn stored in the
// order it was written in is put in order on the way out.
std::vector<std::string_view> in_set_order(const AttributeValue& v) {
  std::vector<std::string_view> members(v.set.begin(), v.set.end());
  sort_set_members(v.type, members);
  return members;
}

}  // namespace

void write_attribute_value(JsonWriter& w, const AttributeValue& v) {
  w.begin_object();
  w.plain_key(type_name(v.type));
  switch (v.type) {
    case AttrType::S:
    case AttrType::N:
      w.string(v.scalar);
      break;
    case AttrType::B: {
      std::string text;
      base64_encode(v.scalar, text);
      w.string(text);
      break;
    }
    case AttrType::BOOL:
    case AttrType::NUL:
      w.boolean(v.boolean);
      break;
    case AttrType::SS:
    case AttrType::NS:
      w.begin_array();
      for (auto m : in_set_order(v)) w.string(m);
      w.end_array();
      break;
    case AttrType::BS:
      w.begin_array();
      for (auto m : in_set_order(v)) {
        std::string text;
        base64_encode(m, text);
        w.string(text);
      }
      w.end_array();
      break;
    case AttrType::L:
      w.begin_array();
      for (const auto& e : v.list) write_attribute_value(w, e);
      w.end_array();
      break;
    case AttrType::M:
      write_item(w, v.map);
      break;
  }
  w.end_object();
}

void write_item(JsonWriter& w, const Item& item) {
  w.begin_object();
  for (const auto& [name, v] : item) {
    w.key(name);
    write_attribute_value(w, v);
  }
  w.end_object();
}

void write_stored_item(JsonWriter& w, std::string_view stored) {
  StoredItemJson json(w);
  walk_stored_item(stored, json);
}

}  // namespace cairn::api
