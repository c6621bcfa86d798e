// What an import reads (the protocol layer's part of an import; the reading itself is
// backup/imports.h's): DynamoDB JSON lines ({"Item": ...}, as exports write them), Ion lines
// ($ion_1_0 {Item:{...}}, api/ion_text.h) and CSV
// (a header line or HeaderList; the table's and its indexes' key attributes typed as their
// AttributeDefinitions say, every other column a string), with DynamoDB's checks on every
// value (decision 0032).
#pragma once

#include "backup/imports.h"

namespace cairn::api {

class ImportInputFormat : public backup::ImportFormat {
 public:
  std::unique_ptr<backup::ImportLineParser> parser(
      const backup::ImportRecord& record) const override;
};

}  // namespace cairn::api
