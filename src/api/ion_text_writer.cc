// Writing items as Ion text (api/ion_text.h).
#include <string>

#include "api/base64.h"
#include "api/ion_text.h"
#include "model/item_codec.h"

namespace cairn::api {
namespace {

bool is_plain_symbol(std::string_view name) {
  if (name.empty() || !is_ion_identifier_start(name[0]) || name[0] == '$') return false;
  for (char c : name) {
    if (!is_ion_identifier_char(c)) return false;
  }
  return name != "null" && name != "true" && name != "false" && name != "nan";
}

void append_quoted(std::string_view text, char quote, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back(quote);
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20 || u == 0x7f) {
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back(quote);
}

void append_name(std::string_view name, std::string& out) {
  if (is_plain_symbol(name)) {
    out.append(name);
  } else {
    append_quoted(name, '\'', out);
  }
}

// DynamoDB's number text as an Ion decimal: 103 -> 103., 1.5 stays, an exponent is d.
void append_decimal(std::string_view number, std::string& out) {
  const size_t exponent = number.find_first_of("eE");
  const std::string_view mantissa = number.substr(0, exponent);
  out.append(mantissa);
  if (mantissa.find('.') == std::string_view::npos) out.push_back('.');
  if (exponent != std::string_view::npos) {
    out.push_back('d');
    out.append(number.substr(exponent + 1));
  }
}

void append_blob(std::string_view bytes, std::string& out) {
  out += "{{";
  base64_encode(bytes, out);
  out += "}}";
}

void append_value(const AttributeValue& v, std::string& out) {
  auto set = [&](const char* note, auto each) {
    out += note;
    out += "::[";
    for (size_t k = 0; k < v.set.size(); ++k) {
      if (k) out.push_back(',');
      each(v.set[k]);
    }
    out.push_back(']');
  };
  switch (v.type) {
    case AttrType::S:
      append_quoted(v.scalar, '"', out);
      break;
    case AttrType::N:
      append_decimal(v.scalar, out);
      break;
    case AttrType::B:
      append_blob(v.scalar, out);
      break;
    case AttrType::BOOL:
      out += v.boolean ? "true" : "false";
      break;
    case AttrType::NUL:
      out += "null";
      break;
    case AttrType::SS:
      set("$dynamodb_SS", [&](const std::string& m) { append_quoted(m, '"', out); });
      break;
    case AttrType::NS:
      set("$dynamodb_NS", [&](const std::string& m) { append_decimal(m, out); });
      break;
    case AttrType::BS:
      set("$dynamodb_BS", [&](const std::string& m) { append_blob(m, out); });
      break;
    case AttrType::L:
      out.push_back('[');
      for (size_t k = 0; k < v.list.size(); ++k) {
        if (k) out.push_back(',');
        append_value(v.list[k], out);
      }
      out.push_back(']');
      break;
    case AttrType::M: {
      out.push_back('{');
      bool first = true;
      for (const auto& [name, member] : v.map) {
        if (!first) out.push_back(',');
        first = false;
        append_name(name, out);
        out.push_back(':');
        append_value(member, out);
      }
      out.push_back('}');
      break;
    }
  }
}

}  // namespace

void append_ion_item(std::string_view stored, std::string& out) {
  append_ion_item(decode_item(stored), out);
}

void append_ion_item(const Item& item, std::string& out) {
  out.push_back('{');
  bool first = true;
  for (const auto& [name, value] : item) {
    if (!first) out.push_back(',');
    first = false;
    append_name(name, out);
    out.push_back(':');
    append_value(value, out);
  }
  out.push_back('}');
}

}  // namespace cairn::api
