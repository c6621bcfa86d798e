// ProjectionExpression := path (',' path)*, with no two paths overlapping or conflicting.
#include "expr/parser.h"
#include "expr/parser_base.h"

namespace cairn::expr {
namespace {

using detail::ErrorClass;

constexpr ErrorClass kOrder[] = {
    ErrorClass::kPathDepth, ErrorClass::kReserved, ErrorClass::kUndefinedName,
    ErrorClass::kOverlap,   ErrorClass::kConflict,
};

class ProjectionParser : public detail::ParserBase {
 public:
  ProjectionParser(std::string_view text, ExpressionContext& ctx)
      : ParserBase(text, ExpressionKind::kProjection, ctx) {}

  ProjectionExpression parse() {
    ProjectionExpression projection;
    projection.paths.push_back(parse_path());
    while (at(TokenKind::kComma)) {
      advance();
      projection.paths.push_back(parse_path());
    }
    if (!at(TokenKind::kEof)) syntax_error();
    check_disjoint(projection.paths);
    raise_errors(kOrder);
    return projection;
  }
};

}  // namespace

ProjectionExpression parse_projection(std::string_view text, ExpressionContext& ctx) {
  return ProjectionParser(text, ctx).parse();
}

}  // namespace cairn::expr
