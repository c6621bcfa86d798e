// The typed trees every expression kind parses into, and that legacy parameters (Expected,
// AttributeUpdates, AttributesToGet, QueryFilter, ...) can be translated into directly, so
// one evaluator, one updater and one projector serve both. Every node is a plain value
// type with builder helpers; nothing here knows about text.
//
// Values: an Operand of kind kValue points at an AttributeValue. Parsed trees point into
// the request's ExpressionContext (which must outlive them); trees built in code usually
// own their constants through Operand::constant().
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "expr/path.h"
#include "model/attribute_value.h"

namespace cairn::expr {

enum class ExpressionKind : uint8_t { kCondition, kFilter, kKeyCondition, kUpdate, kProjection };
// The request parameter's name, as DynamoDB prefixes its messages: "ConditionExpression".
std::string_view expression_name(ExpressionKind kind);

// DynamoDB's limits on every expression string.
constexpr size_t kMaxExpressionSize = 4096;  // bytes
constexpr size_t kMaxOperators = 300;        // comparisons, BETWEEN, IN, AND, OR, NOT, + and -
constexpr size_t kMaxInOperands = 100;       // the IN operator's left side included

// A term that produces a value: a document path, a constant, or a function of terms.
struct Operand {
  enum class Kind : uint8_t {
    kPath,         // the item's value at `path` (may be missing)
    kValue,        // *value
    kSize,         // size(args[0]): conditions only
    kIfNotExists,  // if_not_exists(args[0] (a path), args[1]): updates only
    kListAppend,   // list_append(args[0], args[1]): updates only
    kPlus,         // args[0] + args[1]: updates only
    kMinus,        // args[0] - args[1]: updates only
  };

  Kind kind = Kind::kValue;
  Path path;
  const AttributeValue* value = nullptr;
  std::shared_ptr<const AttributeValue> owned;  // keeps *value alive when the tree owns it
  std::vector<Operand> args;
  // The placeholder a parsed constant came from (":v"); empty for constants built in code.
  std::string placeholder;

  static Operand of_path(Path p);
  // Does not take ownership: *v must outlive the tree.
  static Operand of_value(const AttributeValue* v, std::string placeholder = {});
  // Takes ownership of the value (for trees built from legacy parameters).
  static Operand constant(AttributeValue v);
  static Operand call(Kind kind, std::vector<Operand> args);

  bool is_path() const { return kind == Kind::kPath; }
};

enum class Comparator : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
std::string_view comparator_symbol(Comparator op);

// A boolean condition (ConditionExpression, FilterExpression, KeyConditionExpression).
struct Condition {
  enum class Kind : uint8_t {
    kCompare,             // operands[0] op operands[1]
    kBetween,             // operands[0] BETWEEN operands[1] AND operands[2]
    kIn,                  // operands[0] IN (operands[1..])
    kAnd,                 // all children
    kOr,                  // any child
    kNot,                 // !children[0]
    kAttributeExists,     // attribute_exists(operands[0]), a path
    kAttributeNotExists,  // attribute_not_exists(operands[0]), a path
    kAttributeType,       // attribute_type(operands[0], operands[1]) (an S constant)
    kBeginsWith,          // begins_with(operands[0], operands[1])
    kContains,            // contains(operands[0], operands[1])
  };

  Kind kind = Kind::kAnd;
  Comparator op = Comparator::kEq;  // kCompare only
  std::vector<Operand> operands;
  std::vector<Condition> children;  // kAnd, kOr (two or more), kNot (one)

  static Condition compare(Operand left, Comparator op, Operand right);
  static Condition between(Operand x, Operand low, Operand high);
  static Condition in(Operand x, std::vector<Operand> candidates);
  static Condition conjunction(std::vector<Condition> children);
  static Condition disjunction(std::vector<Condition> children);
  static Condition negation(Condition child);
  static Condition function(Kind kind, std::vector<Operand> args);
};

// The distinct top-level attributes a condition reads (a filter's, checked against the key
// schema of a Query and against an index's projection).
std::set<std::string, std::less<>> attributes_read_by(const Condition& condition);

// One action of an UpdateExpression.
struct UpdateAction {
  enum class Kind : uint8_t { kSet, kRemove, kAdd, kDelete };

  Kind kind = Kind::kSet;
  Path path;
  // kSet: the new value's term; kAdd, kDelete: a constant; kRemove: unused.
  Operand value;

  static UpdateAction set(Path p, Operand v) { return {Kind::kSet, std::move(p), std::move(v)}; }
  static UpdateAction remove(Path p) { return {Kind::kRemove, std::move(p), {}}; }
  static UpdateAction add(Path p, Operand v) { return {Kind::kAdd, std::move(p), std::move(v)}; }
  static UpdateAction remove_elements(Path p, Operand v) {
    return {Kind::kDelete, std::move(p), std::move(v)};
  }
};

struct UpdateExpression {
  std::vector<UpdateAction> actions;  // in the order they were written
  // Built from legacy AttributeUpdates, for which DynamoDB words an operand of the wrong
  // type "Type mismatch for attribute to update".
  bool legacy = false;

  // The distinct top-level attributes the actions modify, in first-mention order: what the
  // engine checks against the key schema and indexes.
  std::vector<std::string> modified_attributes() const;
  // The paths the actions target, in order: what ReturnValues UPDATED_OLD/UPDATED_NEW
  // project from the old and the new item (see project_paths in projection.h).
  std::vector<Path> target_paths() const;
};

struct ProjectionExpression {
  std::vector<Path> paths;
};

// The distinct top-level attributes an update names: those it modifies and those its values
// read (SET a = b + :one, if_not_exists(c, ...), list_append(d, ...)): what IAM's
// dynamodb:Attributes condition key must see.
std::set<std::string, std::less<>> attributes_named_by(const UpdateExpression& update);

}  // namespace cairn::expr
