#include "api/key_condition.h"

#include "expr/parser_base.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

using engine::KeyCondition;
using engine::KeySchema;
using engine::SortKeyCondition;
using expr::KeyTerm;
using expr::KeyTerms;

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

}  // namespace

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
        "=AttributeValue: " + expr::detail::describe_value(start_key.at(hash.name)) + "}");
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

void check_filter_excludes_keys(const expr::Condition& filter, const KeySchema& schema,
                                std::string_view parameter) {
  const auto named = expr::attributes_read_by(filter);
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

}  // namespace cairn::api
