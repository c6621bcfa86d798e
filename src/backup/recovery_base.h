// A recovery base of point-in-time recovery (decision 0030): a storage snapshot of the whole
// store that a table's change records (engine/change_log.h) are replayed onto. Stored under
// the key space's 'p' tag (table, stamp) with the item codec; its snapshot is the directory
// named by directory_name().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/table_info.h"

namespace cairn::backup {

struct RecoveryBase {
  // Every write of the table stamped at or after replay_from is in its change records
  // (writes before it were all committed when the snapshot was written).
  uint64_t replay_from = 0;
  // The snapshot holds every write stamped before this ms: the base serves restores to
  // this ms and later.
  int64_t usable_from_ms = 0;
  engine::TableInfo table;  // the table as it was (its storage ids are the snapshot's)

  // "<table storage id>-<replay_from>", unique per base.
  std::string directory_name() const;
};

std::string encode_recovery_base(const RecoveryBase& base);
RecoveryBase decode_recovery_base(std::string_view bytes);

// How many of a table's bases (oldest first) a window starting at window_start_ms no longer
// needs: all those older than the newest one usable at the window's start.
size_t bases_outside_window(const std::vector<RecoveryBase>& oldest_first, int64_t window_start_ms);

}  // namespace cairn::backup
