// The order of a set's members. DynamoDB's sets are unordered, but DynamoDB (and DynamoDB
// Local, and Alternator) return them in a stable order, and client libraries compare
// returned sets as arrays: string and binary sets bytewise (unsigned), number sets by value.
// Cairn keeps every set in that order, so that what it returns does not depend on the order
// members were written or added in (decision 0023).
#pragma once

#include <algorithm>
#include <string_view>

#include "model/attribute_value.h"

namespace cairn {

// Whether member a of a set of the given type (SS, NS with canonical numbers, BS) comes
// before member b.
bool set_member_less(AttrType type, std::string_view a, std::string_view b);

// Puts a set's members (strings or string_views) in order, if they are not already.
template <typename Members>
void sort_set_members(AttrType type, Members& members) {
  auto less = [type](std::string_view a, std::string_view b) {
    return set_member_less(type, a, b);
  };
  if (!std::is_sorted(members.begin(), members.end(), less)) {
    std::sort(members.begin(), members.end(), less);
  }
}

}  // namespace cairn
