// What an export writes, in DynamoDB JSON (the protocol layer's part of an export; the
// writing itself is backup/exports.h's): one {"Item": ...} line per item (an incremental
// export: one {"Metadata", "Keys", "NewImage", "OldImage"} line per item changed), the files
// manifest as JSON lines, and the summary manifest, as AWS lays them out (decision 0031).
#pragma once

#include "backup/exports.h"

namespace cairn::api {

class DynamoDbJsonExportFormat : public backup::ExportFormat {
 public:
  void append_item_line(std::string_view stored, std::string& out) const override;
  void append_change_line(const backup::WindowChange& change,
                          const std::vector<std::string>& key_names, bool old_images,
                          std::string& out) const override;
  std::string manifest_files(const std::vector<backup::ExportDataFile>& files) const override;
  std::string manifest_summary(const backup::ExportRecord& record,
                               std::string_view manifest_files_key) const override;
};

}  // namespace cairn::api
