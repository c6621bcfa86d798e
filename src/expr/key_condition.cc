#include "expr/key_condition.h"

#include <set>

#include "expr/parser_base.h"
#include "model/api_error.h"
#include "model/key_codec.h"

namespace cairn::expr {
namespace {

ApiError invalid_operator(std::string_view op) {
  return ApiError::validation("Invalid operator used in KeyConditionExpression: " +
                              std::string(op));
}

ApiError invalid_condition(std::string_view why) {
  return ApiError::validation("Invalid condition in KeyConditionExpression: " + std::string(why));
}

// The comparison a term states when written "value op key" instead of "key op value".
std::string_view comparison_of(Comparator op, bool reversed) {
  switch (op) {
    case Comparator::kLt:
      return reversed ? "GT" : "LT";
    case Comparator::kLe:
      return reversed ? "GE" : "LE";
    case Comparator::kGt:
      return reversed ? "LT" : "GT";
    case Comparator::kGe:
      return reversed ? "LE" : "GE";
    default:
      return "EQ";
  }
}

// One comparison, BETWEEN or begins_with of an expression, as a term. DynamoDB looks at
// the operands in order: the first path is the key attribute, a second one or a nested
// path is refused, and so is any function (size) among them.
KeyTerm term_of(const Condition& c) {
  KeyTerm term;
  std::optional<size_t> attribute_at;
  for (size_t i = 0; i < c.operands.size(); ++i) {
    const Operand& o = c.operands[i];
    if (o.is_path()) {
      if (attribute_at) throw invalid_condition("Multiple attribute names used in one condition");
      if (o.path.depth() > 1) {
        throw ApiError::validation(
            "KeyConditionExpressions cannot have conditions on nested attributes");
      }
      term.attribute = o.path.top();
      attribute_at = i;
    } else if (o.kind == Operand::Kind::kValue && o.value != nullptr) {
      term.values.push_back(*o.value);
    } else {
      throw ApiError::validation("KeyConditionExpressions cannot contain nested operations");
    }
  }
  if (!attribute_at) throw invalid_condition("No key attribute specified");
  switch (c.kind) {
    case Condition::Kind::kBetween:
      term.comparison = "BETWEEN";
      break;
    case Condition::Kind::kBeginsWith:
      term.comparison = "BEGINS_WITH";
      break;
    default:
      term.comparison = comparison_of(c.op, *attribute_at != 0);
      break;
  }
  return term;
}

// Walks the conjunction of conditions in the order written, refusing every other form.
void collect_terms(const Condition& c, std::vector<KeyTerm>& out) {
  switch (c.kind) {
    case Condition::Kind::kAnd:
      for (const Condition& child : c.children) collect_terms(child, out);
      return;
    case Condition::Kind::kOr:
      throw invalid_operator("OR");
    case Condition::Kind::kNot:
      throw invalid_operator("NOT");
    case Condition::Kind::kIn:
      throw invalid_operator("IN");
    case Condition::Kind::kAttributeExists:
      throw invalid_operator("attribute_exists");
    case Condition::Kind::kAttributeNotExists:
      throw invalid_operator("attribute_not_exists");
    case Condition::Kind::kAttributeType:
      throw invalid_operator("attribute_type");
    case Condition::Kind::kContains:
      throw invalid_operator("contains");
    case Condition::Kind::kCompare:
      if (c.op == Comparator::kNe) throw invalid_operator("<>");
      break;
    case Condition::Kind::kBetween:
      if (c.operands.empty() || !c.operands[0].is_path()) {
        throw invalid_condition(
            "BETWEEN operator must have the key attribute as its first operand");
      }
      break;
    case Condition::Kind::kBeginsWith:
      if (c.operands.empty() || !c.operands[0].is_path()) {
        throw invalid_condition(
            "begins_with operator must have the key attribute as its first operand");
      }
      break;
  }
  KeyTerm term = term_of(c);
  for (const KeyTerm& seen : out) {
    if (seen.attribute == term.attribute) {
      throw ApiError::validation(
          "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one "
          "condition per key");
    }
  }
  out.push_back(std::move(term));
}

// Comparison operators that can bound a range of keys (the others can only filter).
bool indexable(std::string_view comparison) {
  return comparison == "EQ" || comparison == "LT" || comparison == "LE" || comparison == "GT" ||
         comparison == "GE" || comparison == "BETWEEN" || comparison == "BEGINS_WITH";
}

SortKeyCondition::Op sort_op(std::string_view comparison) {
  if (comparison == "LT") return SortKeyCondition::Op::kLt;
  if (comparison == "LE") return SortKeyCondition::Op::kLe;
  if (comparison == "GT") return SortKeyCondition::Op::kGt;
  if (comparison == "GE") return SortKeyCondition::Op::kGe;
  if (comparison == "BETWEEN") return SortKeyCondition::Op::kBetween;
  if (comparison == "BEGINS_WITH") return SortKeyCondition::Op::kBeginsWith;
  return SortKeyCondition::Op::kEq;
}

const KeyTerm* find_term(const std::vector<KeyTerm>& terms, std::string_view attribute) {
  for (const KeyTerm& t : terms) {
    if (t.attribute == attribute) return &t;
  }
  return nullptr;
}

// Sorts like the stored keys do: numbers numerically, strings and binaries bytewise.
// A term's values must have the key attribute's type ...
void check_value_types(const KeyTerm& term, const engine::KeyElement& element) {
  for (const AttributeValue& v : term.values) {
    if (v.type != element.type) {
      throw ApiError::validation(
          "One or more parameter values were invalid: Condition parameter type does not match "
          "schema type");
    }
  }
}

// ... and may not be empty strings or binaries.
void check_values_not_empty(const KeyTerm& term, const engine::KeyElement& element) {
  for (const AttributeValue& v : term.values) {
    if (v.scalar.empty()) {
      throw ApiError::validation(
          std::string("One or more parameter values are not valid. The AttributeValue for a key "
                      "attribute cannot contain an empty ") +
          (v.type == AttrType::B ? "binary" : "string") + " value. Key: " + element.name);
    }
  }
}

void check_indexable(const KeyTerm& term) {
  if (!indexable(term.comparison)) {
    throw ApiError::validation("Attempted conditional constraint is not an indexable operation");
  }
}

int compare_key_values(const AttributeValue& a, const AttributeValue& b) {
  std::string ea, eb;
  append_sortable_value(a, ea);
  append_sortable_value(b, eb);
  return ea.compare(eb);
}

void collect_path_tops(const Operand& o, std::set<std::string, std::less<>>& out) {
  if (o.is_path()) out.insert(o.path.top());
  for (const Operand& arg : o.args) collect_path_tops(arg, out);
}

void collect_path_tops(const Condition& c, std::set<std::string, std::less<>>& out) {
  for (const Operand& o : c.operands) collect_path_tops(o, out);
  for (const Condition& child : c.children) collect_path_tops(child, out);
}

// A Query's filter may not name a key attribute of what it reads.
void check_filter_excludes(const Condition& filter, const std::vector<engine::KeyElement>& keys,
                           std::string_view parameter) {
  std::set<std::string, std::less<>> named;
  collect_path_tops(filter, named);
  for (const auto& key : keys) {
    if (named.contains(key.name)) {
      throw ApiError::validation(std::string(parameter) +
                                 " can only contain non-primary key attributes: Primary key "
                                 "attribute: " +
                                 key.name);
    }
  }
}

}  // namespace

KeyTerms key_terms_from_expression(const Condition& condition) {
  KeyTerms out;
  out.from_expression = true;
  collect_terms(condition, out.terms);
  return out;
}

KeyTerms key_terms_from_legacy(const std::vector<LegacyCondition>& entries) {
  KeyTerms out;
  for (const LegacyCondition& e : entries) {
    KeyTerm term;
    term.attribute = e.attribute;
    term.comparison = e.comparison.value_or("");
    if (e.value_list) term.values = *e.value_list;
    // The checks every legacy condition gets (operator, argument count and types).
    translate_comparison(Path::attribute(term.attribute), term.comparison, term.values);
    out.terms.push_back(std::move(term));
  }
  if (out.terms.size() != 1 && out.terms.size() != 2) {
    throw ApiError::validation("Conditions can be of length 1 or 2 only");
  }
  return out;
}

bool SortKeyCondition::matches(const AttributeValue& sort_key) const {
  if (sort_key.type != value.type) return false;
  switch (op) {
    case Op::kEq:
      return compare_key_values(sort_key, value) == 0;
    case Op::kLt:
      return compare_key_values(sort_key, value) < 0;
    case Op::kLe:
      return compare_key_values(sort_key, value) <= 0;
    case Op::kGt:
      return compare_key_values(sort_key, value) > 0;
    case Op::kGe:
      return compare_key_values(sort_key, value) >= 0;
    case Op::kBetween:
      return compare_key_values(sort_key, value) >= 0 && compare_key_values(sort_key, upper) <= 0;
    case Op::kBeginsWith:
      return std::string_view(sort_key.scalar).starts_with(value.scalar);
  }
  return false;
}

KeyCondition resolve_key_condition(const KeyTerms& key_terms, const engine::TableInfo& table,
                                   const Item* start_key) {
  const std::vector<KeyTerm>& terms = key_terms.terms;
  const size_t key_count = table.range_key ? 2 : 1;
  // Two terms on a hash-only table fall through to "Query key condition not supported"
  // below; only more terms than any table has keys are counted.
  if (key_terms.from_expression && terms.size() > key_count && terms.size() > 2) {
    throw ApiError::validation("The number of query conditions (" + std::to_string(terms.size()) +
                               ") exceeds the number of key attributes defined in the schema (" +
                               std::to_string(key_count) + ")");
  }
  if (start_key && start_key->size() != key_count) {
    throw ApiError::validation("The provided starting key is invalid");
  }
  KeyCondition out;
  auto resolve = [&](const engine::KeyElement& element, bool is_hash) {
    if (start_key) {
      auto it = start_key->find(element.name);
      if (it == start_key->end())
        throw ApiError::validation("The provided starting key is invalid");
      if (it->second.type != element.type) {
        throw ApiError::validation("The provided key element does not match the schema");
      }
    }
    if (is_hash && !table.range_key && terms.size() > 1) {
      throw ApiError::validation("Query key condition not supported");
    }
    const KeyTerm* term = find_term(terms, element.name);
    if (!term) {
      if (is_hash || terms.size() > 1) {
        throw ApiError::validation("Query condition missed key schema element: " + element.name);
      }
      return;
    }
    check_indexable(*term);
    check_value_types(*term, element);
    if (is_hash && term->comparison != "EQ") {
      throw ApiError::validation("Query key condition not supported");
    }
    check_values_not_empty(*term, element);
    if (is_hash) {
      out.partition = term->values.front();
      return;
    }
    SortKeyCondition sort;
    sort.op = sort_op(term->comparison);
    sort.value = term->values.front();
    if (sort.op == SortKeyCondition::Op::kBetween) sort.upper = term->values.back();
    out.sort = std::move(sort);
  };
  resolve(table.hash_key, true);
  if (table.range_key) resolve(*table.range_key, false);
  return out;
}

void check_start_key(const KeyCondition& condition, const engine::TableInfo& table,
                     const Item& start_key) {
  const AttributeValue& hash = start_key.at(table.hash_key.name);
  const bool same_partition = hash == condition.partition;
  if (!table.range_key) {
    if (!same_partition) {
      throw ApiError::validation(
          "The provided starting key is outside query boundaries based on provided conditions");
    }
    // A hash-only Query reads at most its one item: there is nothing to resume.
    throw ApiError::validation("The provided exclusive start key is invalid: ExclusiveStartKey: {" +
                               table.hash_key.name +
                               "=AttributeValue: " + detail::describe_value(hash) + "}");
  }
  if (!condition.sort) {
    if (!same_partition) {
      throw ApiError::validation(
          "The provided starting key is outside query boundaries based on provided conditions");
    }
    return;
  }
  if (!condition.sort->matches(start_key.at(table.range_key->name))) {
    throw ApiError::validation("The provided starting key does not match the range key predicate");
  }
  if (!same_partition) {
    throw ApiError::validation("The query can return at most one row and cannot be restarted");
  }
}

bool reads_at_most_one_item(const KeyCondition& condition, const engine::TableInfo& table) {
  return !table.range_key || (condition.sort && condition.sort->op == SortKeyCondition::Op::kEq);
}

void check_filter_excludes_keys(const Condition& filter, const engine::TableInfo& table,
                                std::string_view parameter) {
  std::vector<engine::KeyElement> keys{table.hash_key};
  if (table.range_key) keys.push_back(*table.range_key);
  check_filter_excludes(filter, keys, parameter);
}

engine::KeyRange sort_key_range(const std::string& prefix,
                                const std::optional<SortKeyCondition>& condition) {
  engine::KeyRange range{prefix, prefix_successor(prefix)};
  if (!condition) return range;
  const SortKeyCondition& sort = *condition;
  // The storage key of the item with sort key v. Keys are self-delimiting; an index entry
  // has the table key after its sort key, so "every key equal to v" ends at the
  // prefix_successor of this key (for a table no other key lies in between either).
  auto key_at = [&prefix](const AttributeValue& v) {
    std::string key = prefix;
    append_sortable_value(v, key);
    return key;
  };
  switch (sort.op) {
    case SortKeyCondition::Op::kEq:
      range.lower = key_at(sort.value);
      range.upper = prefix_successor(range.lower);
      break;
    case SortKeyCondition::Op::kLt:
      range.upper = key_at(sort.value);
      break;
    case SortKeyCondition::Op::kLe:
      range.upper = prefix_successor(key_at(sort.value));
      break;
    case SortKeyCondition::Op::kGt:
      range.lower = prefix_successor(key_at(sort.value));
      break;
    case SortKeyCondition::Op::kGe:
      range.lower = key_at(sort.value);
      break;
    case SortKeyCondition::Op::kBetween:
      range.lower = key_at(sort.value);
      range.upper = prefix_successor(key_at(sort.upper));
      break;
    case SortKeyCondition::Op::kBeginsWith: {
      // Every value beginning with the prefix has an encoding beginning with the prefix's
      // unterminated encoding, and no other value has.
      std::string lower = prefix;
      append_sortable_prefix(sort.value, lower);
      range.upper = prefix_successor(lower);
      range.lower = std::move(lower);
      break;
    }
  }
  return range;
}

engine::KeyRange key_range(const engine::TableInfo& table, const KeyCondition& condition) {
  return sort_key_range(partition_prefix(table.storage_id, condition.partition), condition.sort);
}

CompositeKeyCondition resolve_composite_key_condition(const KeyTerms& key_terms,
                                                      const engine::IndexInfo& index) {
  const std::vector<KeyTerm>& terms = key_terms.terms;
  const size_t key_count = index.hash_keys.size() + index.range_keys.size();
  if (terms.size() > key_count) {
    throw ApiError::validation("The number of query conditions (" + std::to_string(terms.size()) +
                               ") exceeds the number of key attributes defined in the schema (" +
                               std::to_string(key_count) + ")");
  }
  for (const KeyTerm& term : terms) {
    if (!index.is_key_attribute(term.attribute)) {
      throw ApiError::validation("Query condition missed key schema element: " + term.attribute);
    }
  }
  // The values of one term, checked against the key attribute's type.
  auto checked = [](const KeyTerm& term, const engine::KeyElement& element) {
    check_indexable(term);
    check_value_types(term, element);
    check_values_not_empty(term, element);
    if (term.comparison == "BEGINS_WITH" && element.type == AttrType::N) {
      throw ApiError::validation(
          "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
          "operator or function: begins_with, operand type: N");
    }
    return &term;
  };
  CompositeKeyCondition out;
  for (const auto& element : index.hash_keys) {
    const KeyTerm* term = find_term(terms, element.name);
    if (!term || term->comparison != "EQ") {
      throw ApiError::validation(
          "Query key condition not supported: every HASH key attribute of a multi-attribute key "
          "needs an equality condition; missing for: " +
          element.name);
    }
    out.partition.push_back(checked(*term, element)->values.front());
  }
  // Sort attributes left to right: equalities, then at most one other condition, last.
  bool ended = false;
  for (const auto& element : index.range_keys) {
    const KeyTerm* term = find_term(terms, element.name);
    if (!term) {
      ended = true;
      continue;
    }
    if (ended || out.last) {
      throw ApiError::validation(
          "Query key condition not supported: RANGE key attributes of a multi-attribute key must "
          "be given left to right without gaps, with equality conditions on all but the last; "
          "out of order: " +
          element.name);
    }
    checked(*term, element);
    if (term->comparison == "EQ") {
      out.sort_prefix.push_back(term->values.front());
      continue;
    }
    SortKeyCondition sort;
    sort.op = sort_op(term->comparison);
    sort.value = term->values.front();
    if (sort.op == SortKeyCondition::Op::kBetween) sort.upper = term->values.back();
    out.last = std::move(sort);
  }
  return out;
}

engine::KeyRange composite_key_range(const engine::IndexInfo& index,
                                     const CompositeKeyCondition& condition) {
  std::vector<const AttributeValue*> partition;
  for (const auto& v : condition.partition) partition.push_back(&v);
  std::string prefix = composite_partition_prefix(index.storage_id, partition);
  for (const auto& v : condition.sort_prefix) append_sortable_value(v, prefix);
  return sort_key_range(prefix, condition.last);
}

void check_filter_excludes_index_keys(const Condition& filter, const engine::IndexInfo& index,
                                      std::string_view parameter) {
  std::vector<engine::KeyElement> keys = index.hash_keys;
  keys.insert(keys.end(), index.range_keys.begin(), index.range_keys.end());
  check_filter_excludes(filter, keys, parameter);
}

}  // namespace cairn::expr
