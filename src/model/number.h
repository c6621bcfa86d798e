// Number: DynamoDB's one numeric type, an exact decimal of at most 38 significant digits
// whose magnitude lies in [1E-130, 1E+126). No floating point is ever involved: a number
// is a sign, a string of significant digits and a power of ten.
#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace cairn {

class Number {
 public:
  static constexpr int kMaxDigits = 38;
  static constexpr int kMinExponent = -130;  // of the leading digit, scientific notation
  static constexpr int kMaxExponent = 125;

  Number() = default;  // zero

  // Parses DynamoDB's textual number form ("-1.5e3", "+.5", "007") and validates it.
  // Throws ApiError::validation with DynamoDB's messages for text that is not a number,
  // too many significant digits, overflow and underflow.
  static Number parse(std::string_view text);

  // Like parse, but returns false instead of throwing when the text is not a valid number
  // in range.
  static bool try_parse(std::string_view text, Number& out);

  bool is_zero() const { return digits_.empty(); }
  bool negative() const { return negative_; }

  // The canonical form DynamoDB returns: plain notation, no exponent, no leading zeros
  // (except a single one before the point) and no trailing zeros after the point.
  std::string to_string() const;

  // Exact arithmetic; the result is validated like parsed input (DynamoDB reports
  // overflow, underflow or lost precision).
  Number operator+(const Number& other) const;
  Number operator-(const Number& other) const;
  Number operator-() const;

  std::strong_ordering operator<=>(const Number& other) const;
  // Orders two numbers given in the canonical form to_string writes, without parsing them.
  static std::strong_ordering compare_canonical(std::string_view a, std::string_view b);
  bool operator==(const Number& other) const = default;

  // Order-preserving, self-delimiting binary encoding (see key_codec.h).
  void append_sortable(std::string& out) const;
  // Decodes what append_sortable wrote, advancing pos. Returns false on malformed input.
  static bool read_sortable(std::string_view in, size_t& pos, Number& out);

 private:
  Number(bool negative, std::string digits, int exponent);
  // Strips leading/trailing zeros, fixes the zero representation, checks the limits.
  // DynamoDB reports a sum that needs more than 38 digits as an overflow, not as a
  // precision error; arithmetic passes precision_is_overflow for that.
  static Number normalized(bool negative, std::string digits, long long exponent,
                           bool precision_is_overflow = false);
  // Scientific exponent of the leading digit; meaningless for zero.
  int leading_exponent() const { return exponent_ + static_cast<int>(digits_.size()) - 1; }
  static std::strong_ordering compare_magnitude(const Number& a, const Number& b);

  bool negative_ = false;
  std::string digits_;  // significant digits, no leading or trailing '0'; empty for zero
  int exponent_ = 0;    // value = digits_ (as an integer) * 10^exponent_
};

}  // namespace cairn
