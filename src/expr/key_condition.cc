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

// Sorts like the stored keys do: numbers numerically, strings and binaries bytewise.
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

// A KeyConditions map names at most every key attribute of a schema: a GSI's four
// partition and four sort attributes.
constexpr size_t kMaxKeyConditions = 8;

ApiError invalid_start_key() {
  return ApiError::validation("The provided starting key is invalid");
}

ApiError too_many_conditions(size_t terms, size_t key_count) {
  return ApiError::validation("The number of query conditions (" + std::to_string(terms) +
                              ") exceeds the number of key attributes defined in the schema (" +
                              std::to_string(key_count) + ")");
}

ApiError missed_key(std::string_view attribute) {
  return ApiError::validation("Query condition missed key schema element: " +
                              std::string(attribute));
}

// One key attribute of an ExclusiveStartKey: present, and of the schema's type.
void check_start_key_attribute(const engine::KeyElement& element, const Item& start_key) {
  auto it = start_key.find(element.name);
  if (it == start_key.end()) throw invalid_start_key();
  if (it->second.type != element.type) {
    throw ApiError::validation("The provided key element does not match the schema");
  }
}

SortKeyCondition sort_condition_of(const KeyTerm& term) {
  SortKeyCondition sort;
  sort.op = sort_op(term.comparison);
  sort.value = term.values.front();
  if (sort.op == SortKeyCondition::Op::kBetween) sort.upper = term.values.back();
  return sort;
}

// A table's or LSI's key schema (one partition attribute, at most one sort attribute), with
// DynamoDB's messages for it. Every key attribute is looked at in schema order, the start
// key's attribute first.
KeyCondition resolve_single_attribute(const KeyTerms& key_terms, const KeySchema& schema,
                                      const Item* start_key) {
  const std::vector<KeyTerm>& terms = key_terms.terms;
  const bool has_range = !schema.range.empty();
  // Two terms on a hash-only schema fall through to "Query key condition not supported"
  // below; only more terms than any such schema has keys are counted.
  if (terms.size() > 2) {
    if (!key_terms.from_expression) {
      throw ApiError::validation("Conditions can be of length 1 or 2 only");
    }
    throw too_many_conditions(terms.size(), has_range ? 2 : 1);
  }
  if (start_key && start_key->size() != schema.start_key_size) throw invalid_start_key();
  KeyCondition out;
  auto resolve = [&](const engine::KeyElement& element, bool is_hash) {
    if (start_key) check_start_key_attribute(element, *start_key);
    if (is_hash && !has_range && terms.size() > 1) {
      throw ApiError::validation("Query key condition not supported");
    }
    const KeyTerm* term = find_term(terms, element.name);
    if (!term) {
      if (is_hash || terms.size() > 1) throw missed_key(element.name);
      return;
    }
    check_indexable(*term);
    check_value_types(*term, element);
    if (is_hash && term->comparison != "EQ") {
      throw ApiError::validation("Query key condition not supported");
    }
    check_values_not_empty(*term, element);
    if (is_hash) {
      out.partition.push_back(term->values.front());
    } else {
      out.sort.push_back(sort_condition_of(*term));
    }
  };
  resolve(schema.hash.front(), true);
  if (has_range) resolve(schema.range.front(), false);
  return out;
}

// A GSI's multi-attribute key: every partition attribute with an equality; the sort
// attributes left to right without gaps, equalities on all but the last, whose condition
// may be any.
KeyCondition resolve_multi_attribute(const KeyTerms& key_terms, const KeySchema& schema,
                                     const Item* start_key) {
  const std::vector<KeyTerm>& terms = key_terms.terms;
  const size_t key_count = schema.hash.size() + schema.range.size();
  if (terms.size() > key_count) throw too_many_conditions(terms.size(), key_count);
  if (start_key) check_index_start_key_shape(schema, *start_key);
  auto check_term = [](const KeyTerm& term, const engine::KeyElement& element) {
    check_indexable(term);
    check_value_types(term, element);
    check_values_not_empty(term, element);
  };
  KeyCondition out;
  for (const auto& element : schema.hash) {
    const KeyTerm* term = find_term(terms, element.name);
    if (!term || term->comparison != "EQ") {
      throw ApiError::validation(
          "Query key condition not supported: every HASH key attribute of a multi-attribute key "
          "needs an equality condition; missing for: " +
          element.name);
    }
    check_term(*term, element);
    out.partition.push_back(term->values.front());
  }
  bool gap = false;
  for (const auto& element : schema.range) {
    const KeyTerm* term = find_term(terms, element.name);
    if (!term) {
      gap = true;
      continue;
    }
    if (gap || (!out.sort.empty() && out.sort.back().op != SortKeyCondition::Op::kEq)) {
      throw ApiError::validation(
          "Query key condition not supported: RANGE key attributes of a multi-attribute key must "
          "be given left to right without gaps, with equality conditions on all but the last; "
          "out of order: " +
          element.name);
    }
    check_term(*term, element);
    out.sort.push_back(sort_condition_of(*term));
  }
  // Every term is now on a key attribute, unless one names an attribute outside the key:
  // then a sort attribute lacks its term (there are no more terms than key attributes).
  if (schema.hash.size() + out.sort.size() < terms.size()) {
    throw missed_key(schema.range[out.sort.size()].name);
  }
  return out;
}

// The keys under prefix (a partition, and the values of any leading sort attributes) whose
// next sort value satisfies the condition.
engine::KeyRange sort_key_range(const std::string& prefix, const SortKeyCondition& sort) {
  engine::KeyRange range{prefix, prefix_successor(prefix)};
  // The storage key of the item with sort key v. Keys are self-delimiting, but more may
  // follow v (more sort values, or an index entry's table key), so "every key equal to v"
  // ends at the prefix_successor of this key, not at its key_successor.
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
  if (out.terms.empty() || out.terms.size() > kMaxKeyConditions) {
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

KeySchema KeySchema::of(const engine::TableInfo& table) {
  KeySchema s;
  s.storage_id = table.storage_id;
  s.hash = {table.hash_key};
  if (table.range_key) s.range = {*table.range_key};
  s.start_key_size = s.hash.size() + s.range.size();
  return s;
}

KeySchema KeySchema::of(const engine::TableInfo& table, const engine::IndexInfo& index) {
  KeySchema s;
  s.storage_id = index.storage_id;
  s.hash = index.hash_keys;
  s.range = index.range_keys;
  s.is_index = true;
  s.start_key_size = table.range_key ? 2 : 1;
  for (const auto* keys : {&index.hash_keys, &index.range_keys}) {
    for (const auto& k : *keys) {
      if (!table.is_key_attribute(k.name)) ++s.start_key_size;
    }
  }
  return s;
}

KeyCondition resolve_key_condition(const KeyTerms& terms, const KeySchema& schema,
                                   const Item* start_key) {
  return schema.multi_attribute() ? resolve_multi_attribute(terms, schema, start_key)
                                  : resolve_single_attribute(terms, schema, start_key);
}

void check_index_start_key_shape(const KeySchema& schema, const Item& start_key) {
  if (start_key.size() != schema.start_key_size) throw invalid_start_key();
  for (const auto* keys : {&schema.hash, &schema.range}) {
    for (const auto& k : *keys) check_start_key_attribute(k, start_key);
  }
}

void check_start_key(const KeyCondition& condition, const KeySchema& schema,
                     const Item& start_key) {
  bool same_partition = true;
  for (size_t i = 0; i < schema.hash.size(); ++i) {
    same_partition = same_partition && start_key.at(schema.hash[i].name) == condition.partition[i];
  }
  auto outside = [] {
    return ApiError::validation(
        "The provided starting key is outside query boundaries based on provided conditions");
  };
  if (schema.range.empty()) {
    if (!same_partition) throw outside();
    if (schema.is_index) return;
    // A Query of a hash-only table reads at most its one item: there is nothing to resume.
    const engine::KeyElement& hash = schema.hash.front();
    throw ApiError::validation(
        "The provided exclusive start key is invalid: ExclusiveStartKey: {" + hash.name +
        "=AttributeValue: " + detail::describe_value(start_key.at(hash.name)) + "}");
  }
  if (condition.sort.empty()) {
    if (!same_partition) throw outside();
    return;
  }
  for (size_t i = 0; i < condition.sort.size(); ++i) {
    if (!condition.sort[i].matches(start_key.at(schema.range[i].name))) {
      throw ApiError::validation(
          "The provided starting key does not match the range key predicate");
    }
  }
  // DynamoDB's wording, even where the Query could return more rows.
  if (!same_partition) {
    throw ApiError::validation("The query can return at most one row and cannot be restarted");
  }
}

bool reads_at_most_one_item(const KeyCondition& condition, const KeySchema& schema) {
  if (schema.is_index) return false;
  return schema.range.empty() || (condition.sort.size() == schema.range.size() &&
                                  condition.sort.back().op == SortKeyCondition::Op::kEq);
}

std::set<std::string, std::less<>> attributes_read_by(const Condition& condition) {
  std::set<std::string, std::less<>> named;
  collect_path_tops(condition, named);
  return named;
}

void check_filter_excludes_keys(const Condition& filter, const KeySchema& schema,
                                std::string_view parameter) {
  const auto named = attributes_read_by(filter);
  for (const auto* keys : {&schema.hash, &schema.range}) {
    for (const auto& key : *keys) {
      if (named.contains(key.name)) {
        throw ApiError::validation(std::string(parameter) +
                                   " can only contain non-primary key attributes: Primary key "
                                   "attribute: " +
                                   key.name);
      }
    }
  }
}

engine::KeyRange key_range(const KeySchema& schema, const KeyCondition& condition) {
  std::vector<const AttributeValue*> partition;
  partition.reserve(condition.partition.size());
  for (const auto& v : condition.partition) partition.push_back(&v);
  std::string prefix = composite_partition_prefix(schema.storage_id, partition);
  if (condition.sort.empty()) return {prefix, prefix_successor(prefix)};
  for (size_t i = 0; i + 1 < condition.sort.size(); ++i) {
    append_sortable_value(condition.sort[i].value, prefix);
  }
  return sort_key_range(prefix, condition.sort.back());
}

}  // namespace cairn::expr
