#include "model/number.h"

#include <algorithm>

#include "model/api_error.h"

namespace cairn {
namespace {

constexpr long long kExponentClamp = 1'000'000'000LL;  // far outside any valid range

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

ApiError not_a_number(std::string_view text) {
  return ApiError::validation("The parameter cannot be converted to a numeric value: " +
                              std::string(text));
}

ApiError overflow() {
  return ApiError::validation(
      "Number overflow. Attempting to store a number with magnitude larger than supported "
      "range");
}

ApiError underflow() {
  return ApiError::validation(
      "Number underflow. Attempting to store a number with magnitude smaller than supported "
      "range");
}

ApiError too_precise() {
  return ApiError::validation("Attempting to store more than 38 significant digits in a Number");
}

enum class ParseResult { kOk, kSyntax };

// Splits text into sign, the digit string (leading zeros included) and a power of ten.
ParseResult scan(std::string_view s, bool& negative, std::string& digits, long long& exponent) {
  size_t i = 0;
  negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    ++i;
  }
  bool any_digit = false;
  long long scale = 0;
  while (i < s.size() && is_digit(s[i])) {
    digits.push_back(s[i++]);
    any_digit = true;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) {
      digits.push_back(s[i++]);
      --scale;
      any_digit = true;
    }
  }
  if (!any_digit) return ParseResult::kSyntax;
  long long exp = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      exp_negative = s[i] == '-';
      ++i;
    }
    if (i >= s.size() || !is_digit(s[i])) return ParseResult::kSyntax;
    while (i < s.size() && is_digit(s[i])) {
      exp = std::min(exp * 10 + (s[i] - '0'), kExponentClamp);
      ++i;
    }
    if (exp_negative) exp = -exp;
  }
  if (i != s.size()) return ParseResult::kSyntax;
  exponent = exp + scale;
  return ParseResult::kOk;
}

}  // namespace

Number::Number(bool negative, std::string digits, int exponent)
    : negative_(negative), digits_(std::move(digits)), exponent_(exponent) {}

Number Number::normalized(bool negative, std::string digits, long long exponent,
                          bool precision_is_overflow) {
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Number();
  size_t last = digits.find_last_not_of('0');
  exponent += static_cast<long long>(digits.size() - 1 - last);
  digits = digits.substr(first, last - first + 1);
  long long leading = exponent + static_cast<long long>(digits.size()) - 1;
  if (leading > kMaxExponent) throw overflow();
  if (leading < kMinExponent) throw underflow();
  if (digits.size() > static_cast<size_t>(kMaxDigits)) {
    throw precision_is_overflow ? overflow() : too_precise();
  }
  return Number(negative, std::move(digits), static_cast<int>(exponent));
}

Number Number::parse(std::string_view text) {
  bool negative;
  std::string digits;
  long long exponent;
  if (scan(text, negative, digits, exponent) != ParseResult::kOk) throw not_a_number(text);
  return normalized(negative, std::move(digits), exponent);
}

bool Number::try_parse(std::string_view text, Number& out) {
  try {
    out = parse(text);
    return true;
  } catch (const ApiError&) {
    return false;
  }
}

std::string Number::to_string() const {
  if (is_zero()) return "0";
  std::string out;
  if (negative_) out.push_back('-');
  const int n = static_cast<int>(digits_.size());
  if (exponent_ >= 0) {
    out += digits_;
    out.append(static_cast<size_t>(exponent_), '0');
  } else if (-exponent_ < n) {
    out.append(digits_, 0, static_cast<size_t>(n + exponent_));
    out.push_back('.');
    out.append(digits_, static_cast<size_t>(n + exponent_));
  } else {
    out += "0.";
    out.append(static_cast<size_t>(-exponent_ - n), '0');
    out += digits_;
  }
  return out;
}

std::strong_ordering Number::compare_magnitude(const Number& a, const Number& b) {
  if (a.is_zero() || b.is_zero()) return !a.is_zero() <=> !b.is_zero();
  if (auto c = a.leading_exponent() <=> b.leading_exponent(); c != 0) return c;
  // Same leading exponent: compare digit strings lexicographically (shorter = zeros).
  int c = a.digits_.compare(b.digits_);
  return c <=> 0;
}

std::strong_ordering Number::operator<=>(const Number& other) const {
  if (negative_ != other.negative_) {
    // Zero is never negative, so differing signs mean a strict order.
    return negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  auto m = compare_magnitude(*this, other);
  return negative_ ? 0 <=> m : m;
}

std::strong_ordering Number::compare_canonical(std::string_view a, std::string_view b) {
  const bool a_negative = !a.empty() && a[0] == '-';
  const bool b_negative = !b.empty() && b[0] == '-';
  if (a_negative != b_negative) {
    return a_negative ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  if (a_negative) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  // Canonical text has no leading zeros: the longer integer part is the larger magnitude,
  // and with integer parts of one length the text compares as the values do (a '.' sits at
  // the same place in both, and a shorter text is the other with its trailing digits cut).
  const size_t a_integer = std::min(a.find('.'), a.size());
  const size_t b_integer = std::min(b.find('.'), b.size());
  std::strong_ordering magnitude = a_integer <=> b_integer;
  if (magnitude == 0) magnitude = a.compare(b) <=> 0;
  return a_negative ? 0 <=> magnitude : magnitude;
}

Number Number::operator-() const {
  if (is_zero()) return *this;
  return Number(!negative_, digits_, exponent_);
}

Number Number::operator-(const Number& other) const {
  return *this + (-other);
}

Number Number::operator+(const Number& other) const {
  if (is_zero()) return other;
  if (other.is_zero()) return *this;
  // Both magnitudes are within the supported range, so aligning them needs at most
  // ~300 digits: no unbounded work for hostile inputs.
  const int low = std::min(exponent_, other.exponent_);
  auto aligned = [low](const Number& n) {
    std::string d = n.digits_;
    d.append(static_cast<size_t>(n.exponent_ - low), '0');
    return d;
  };
  std::string a = aligned(*this), b = aligned(other);
  size_t width = std::max(a.size(), b.size()) + 1;
  a.insert(0, width - a.size(), '0');
  b.insert(0, width - b.size(), '0');
  std::string result(width, '0');
  bool negative = negative_;
  if (negative_ == other.negative_) {
    int carry = 0;
    for (size_t i = width; i-- > 0;) {
      int s = (a[i] - '0') + (b[i] - '0') + carry;
      result[i] = static_cast<char>('0' + s % 10);
      carry = s / 10;
    }
  } else {
    // Subtract the smaller magnitude from the larger; the sign follows the larger.
    if (a < b) {
      std::swap(a, b);
      negative = other.negative_;
    }
    int borrow = 0;
    for (size_t i = width; i-- > 0;) {
      int s = (a[i] - '0') - (b[i] - '0') - borrow;
      borrow = s < 0;
      if (s < 0) s += 10;
      result[i] = static_cast<char>('0' + s);
    }
  }
  return normalized(negative, std::move(result), low, /*precision_is_overflow=*/true);
}

// Encoding: a class byte (0x01 negative, 0x02 zero, 0x03 positive); for non-zero numbers
// the leading exponent biased into two bytes, then each digit as byte digit+1, then 0x00.
// Negative numbers complement every byte after the class byte, which reverses the order.
void Number::append_sortable(std::string& out) const {
  if (is_zero()) {
    out.push_back(0x02);
    return;
  }
  out.push_back(negative_ ? 0x01 : 0x03);
  const size_t start = out.size();
  unsigned biased = static_cast<unsigned>(leading_exponent() + 0x8000);
  out.push_back(static_cast<char>(biased >> 8));
  out.push_back(static_cast<char>(biased & 0xff));
  for (char d : digits_) out.push_back(static_cast<char>(d - '0' + 1));
  out.push_back(0x00);
  if (negative_) {
    for (size_t i = start; i < out.size(); ++i) out[i] = static_cast<char>(~out[i]);
  }
}

bool Number::read_sortable(std::string_view in, size_t& pos, Number& out) {
  if (pos >= in.size()) return false;
  const unsigned char cls = static_cast<unsigned char>(in[pos++]);
  if (cls == 0x02) {
    out = Number();
    return true;
  }
  if (cls != 0x01 && cls != 0x03) return false;
  const bool negative = cls == 0x01;
  auto byte = [&](size_t i) {
    unsigned char b = static_cast<unsigned char>(in[i]);
    return negative ? static_cast<unsigned char>(~b) : b;
  };
  if (pos + 2 > in.size()) return false;
  const int leading = static_cast<int>((byte(pos) << 8) | byte(pos + 1)) - 0x8000;
  pos += 2;
  std::string digits;
  while (true) {
    if (pos >= in.size()) return false;
    unsigned char b = byte(pos++);
    if (b == 0) break;
    if (b > 10) return false;
    digits.push_back(static_cast<char>('0' + b - 1));
  }
  if (digits.empty()) return false;
  const int exponent = leading - static_cast<int>(digits.size()) + 1;
  out = Number(negative, std::move(digits), exponent);
  return true;
}

}  // namespace cairn
