// The storage seam, by name only. Engine headers pass stores and transactions by
// reference; only engine sources include their definitions (storage/kv_store.h). So the
// layers above the engine cannot reach storage through an engine header, and the build
// keeps it that way (storage is a private dependency of the engine).
#pragma once

namespace cairn::storage {
class KvStore;
class KvTransaction;
class KvIterator;
class KvSnapshot;
}  // namespace cairn::storage
