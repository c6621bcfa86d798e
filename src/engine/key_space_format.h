// The format version of a data directory's key space (key_space.h), checked and brought up
// to date before any part of the engine reads the store. Each version names what changed;
// an upgrade is one atomic commit, so a crash leaves the old layout or the new one, and a
// data directory written by a newer Cairn is refused rather than misread.
#pragma once

#include "engine/storage_fwd.h"

namespace cairn::engine {

// Upgrades the store's key space to kKeySpaceVersion (a new, empty store just gets the
// version written) and returns the store. Throws std::runtime_error for a key space of a
// later version than this build knows.
storage::KvStore& open_key_space(storage::KvStore& store);

}  // namespace cairn::engine
