// Images of a whole database, for resetting a server to a moment (the admin API's
// database snapshots): a checkpoint of the database with the trees that belong to it
// (snapshots of backups and recovery bases) linked beside it. Putting one back replaces
// the database's files while it is closed; a marker file names the image until the last
// file is in place, so that a kill midway is finished at the next open rather than leaving
// half of two databases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace cairn::storage {

// The file an image's making writes last, with the time it was made: an image without it
// is one a kill cut short.
constexpr const char* kImageStampFileName = "IMAGE";

// The marker a reset leaves in the database's directory while it replaces the files.
constexpr const char* kResetMarkerFileName = "RESETTING";

// Links the trees side_dirs (relative to data_dir) that exist into image_dir.
void write_side_trees(rocksdb::Env& env, const std::string& data_dir, const std::string& image_dir,
                      const std::vector<std::string>& side_dirs);

// Stamps a complete image with the time (ms since the epoch) it was made.
void stamp_image(rocksdb::Env& env, const std::string& image_dir, int64_t made_ms);
// The time a complete image was made; none when image_dir holds no complete image.
std::optional<int64_t> image_stamp(rocksdb::Env& env, const std::string& image_dir);
// Throws StorageError unless image_dir holds a complete image.
void require_whole_image(rocksdb::Env& env, const std::string& image_dir);

// With the database closed: the database's files in data_dir and its side_dirs trees become
// the image's. Other directories (the images themselves, buckets, certificates) and the
// encryption keyring stay.
void replace_with_image(rocksdb::Env& env, const std::string& data_dir,
                        const std::string& image_dir, const std::vector<std::string>& side_dirs);

// Before the database opens: finishes a reset a kill cut short, if the marker says one was
// under way.
void finish_interrupted_reset(rocksdb::Env& env, const std::string& data_dir);

}  // namespace cairn::storage
