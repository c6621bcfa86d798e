// What an export writes, in DynamoDB JSON (the protocol layer's part of an export; the
// writing itself is backup/exports.h's): one {"Item": ...} line per item (an incremental
// export: one {"Metadata", "Keys", "NewImage", "OldImage"} line per item changed), the files
// manifest as JSON lines, and the summary manifest, as AWS lays them out (decision 0031).
#pragma once

#include "backup/exports.h"

namespace cairn::api {

class DynamoDbJsonExportFormat : public backup::ExportFormat {
 public:
  std::string_view data_file_extension() const override { return ".json.gz"; }
  void append_item_line(std::string_view stored, std::string& out) const override;
  void append_change_line(const backup::WindowChange& change,
                          const std::vector<std::string>& key_names, bool old_images,
                          std::string& out) const override;
  std::string manifest_files(const std::vector<backup::ExportDataFile>& files) const override;
  std::string manifest_summary(const backup::ExportRecord& record,
                               std::string_view manifest_files_key) const override;
};

// ION exports: the same manifests; each data line "$ion_1_0 {Item:{...}}" (api/ion_text.h).
class IonExportFormat : public DynamoDbJsonExportFormat {
 public:
  std::string_view data_file_extension() const override { return ".ion.gz"; }
  void append_item_line(std::string_view stored, std::string& out) const override;
  void append_change_line(const backup::WindowChange& change,
                          const std::vector<std::string>& key_names, bool old_images,
                          std::string& out) const override;
};

// DYNAMODB_JSON and ION, by name.
class ExportFormatsByName : public backup::ExportFormats {
 public:
  const backup::ExportFormat& of(std::string_view export_format) const override {
    if (export_format == "ION") return ion_;
    return json_;
  }

 private:
  DynamoDbJsonExportFormat json_;
  IonExportFormat ion_;
};

}  // namespace cairn::api
