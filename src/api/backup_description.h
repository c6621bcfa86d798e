// Renders DynamoDB's BackupDetails, BackupSummary and BackupDescription (with the source
// table's details and features) of a backup record.
#pragma once

#include <string_view>

#include "api/json_writer.h"
#include "backup/backup_record.h"

namespace cairn::api {

// status: "AVAILABLE", or "DELETED" for DeleteBackup's answer.
void write_backup_details(JsonWriter& w, const backup::BackupRecord& b, std::string_view status);
void write_backup_summary(JsonWriter& w, const backup::BackupRecord& b);
void write_backup_description(JsonWriter& w, const backup::BackupRecord& b,
                              std::string_view status);

}  // namespace cairn::api
