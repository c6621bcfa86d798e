#include "storage/database_image.h"

#include <rocksdb/env.h>

#include <algorithm>
#include <cstdlib>

#include "storage/encryption_keyring.h"
#include "storage/env_tree.h"
#include "storage/kv_store.h"

namespace cairn::storage {
namespace {

// The marker holds the image's directory and then the side directories, a line each.
std::string marker_text(const std::string& image_dir, const std::vector<std::string>& side_dirs) {
  std::string text = image_dir + "\n";
  for (const std::string& side : side_dirs) text += side + "\n";
  return text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

bool is_side(const std::vector<std::string>& side_dirs, const std::string& name) {
  return std::find(side_dirs.begin(), side_dirs.end(), name) != side_dirs.end();
}

// The files of the database itself, by RocksDB's names for them. Not the keyring (it wraps
// the data key the image's files are encrypted with too), the marker, RocksDB's LOCK and
// diagnostic LOG, or anything else someone keeps in the directory.
bool is_database_file(rocksdb::Env& env, const std::string& dir, const std::string& name) {
  const bool named = name == "CURRENT" || name == "IDENTITY" || name.starts_with("MANIFEST-") ||
                     name.starts_with("OPTIONS-") || name.ends_with(".sst") ||
                     name.ends_with(".log") || name.ends_with(".blob");
  return named && !is_directory(env, dir + "/" + name);
}

// The marker names the image relative to the data directory when it lies under it (as the
// server's snapshots do), so that a start from another working directory finds it.
std::string image_as_named(const std::string& data_dir, const std::string& image_dir) {
  const std::string prefix = data_dir + "/";
  return image_dir.starts_with(prefix) ? image_dir.substr(prefix.size()) : image_dir;
}
std::string image_as_found(const std::string& data_dir, const std::string& named) {
  return named.starts_with("/") ? named : data_dir + "/" + named;
}

void replace_files(rocksdb::Env& env, const std::string& data_dir, const std::string& image_dir,
                   const std::vector<std::string>& side_dirs) {
  require_whole_image(env, image_dir);  // before anything is removed
  for (const std::string& name : children_of(env, data_dir)) {
    if (is_side(side_dirs, name)) {
      remove_tree(env, data_dir + "/" + name);
    } else if (is_database_file(env, data_dir, name)) {
      const rocksdb::Status s = env.DeleteFile(data_dir + "/" + name);
      if (!s.ok()) throw StorageError("cannot remove " + name + ": " + s.ToString());
    }
  }
  for (const std::string& name : children_of(env, image_dir)) {
    const std::string from = image_dir + "/" + name;
    if (is_side(side_dirs, name)) {
      link_tree(env, from, data_dir + "/" + name);
    } else if (is_database_file(env, image_dir, name)) {
      if (name.ends_with(".sst") && env.LinkFile(from, data_dir + "/" + name).ok()) continue;
      copy_file(env, from, data_dir + "/" + name);
    }
  }
}

}  // namespace

void stamp_image(rocksdb::Env& env, const std::string& image_dir, int64_t made_ms) {
  const rocksdb::Status s = rocksdb::WriteStringToFile(&env, std::to_string(made_ms),
                                                       image_dir + "/" + kImageStampFileName,
                                                       /*should_sync=*/true);
  if (!s.ok()) throw StorageError("cannot stamp the image: " + s.ToString());
}

std::optional<int64_t> image_stamp(rocksdb::Env& env, const std::string& image_dir) {
  std::string text;
  if (!rocksdb::ReadFileToString(&env, image_dir + "/" + kImageStampFileName, &text).ok()) {
    return std::nullopt;
  }
  char* end = nullptr;
  const long long made = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') return std::nullopt;
  return made;
}

void require_whole_image(rocksdb::Env& env, const std::string& image_dir) {
  if (!image_stamp(env, image_dir)) {
    throw StorageError("the database image in " + image_dir + " is incomplete");
  }
}

void write_side_trees(rocksdb::Env& env, const std::string& data_dir, const std::string& image_dir,
                      const std::vector<std::string>& side_dirs) {
  for (const std::string& side : side_dirs) {
    const std::string from = data_dir + "/" + side;
    if (is_directory(env, from)) link_tree(env, from, image_dir + "/" + side);
  }
}

void replace_with_image(rocksdb::Env& env, const std::string& data_dir,
                        const std::string& image_dir, const std::vector<std::string>& side_dirs) {
  require_whole_image(env, image_dir);
  const std::string marker = data_dir + "/" + kResetMarkerFileName;
  // Written whole, then renamed into place: a marker is never seen half written.
  const std::string draft = marker + ".tmp";
  rocksdb::Status s = rocksdb::WriteStringToFile(
      &env, marker_text(image_as_named(data_dir, image_dir), side_dirs), draft,
      /*should_sync=*/true);
  if (s.ok()) s = env.RenameFile(draft, marker);
  if (!s.ok()) throw StorageError("cannot begin the reset: " + s.ToString());
  replace_files(env, data_dir, image_dir, side_dirs);
  s = env.DeleteFile(marker);
  if (!s.ok()) throw StorageError("cannot end the reset: " + s.ToString());
}

void finish_interrupted_reset(rocksdb::Env& env, const std::string& data_dir) {
  const std::string marker = data_dir + "/" + kResetMarkerFileName;
  // A draft a kill left before its rename: the reset had not begun.
  if (env.FileExists(marker + ".tmp").ok()) env.DeleteFile(marker + ".tmp").PermitUncheckedError();
  if (!env.FileExists(marker).ok()) return;
  std::string text;
  const rocksdb::Status s = rocksdb::ReadFileToString(&env, marker, &text);
  if (!s.ok()) throw StorageError("cannot read " + marker + ": " + s.ToString());
  std::vector<std::string> lines = lines_of(text);
  if (lines.empty() || lines[0].empty()) throw StorageError(marker + " names no image");
  const std::string image_dir = image_as_found(data_dir, lines[0]);
  lines.erase(lines.begin());
  std::erase(lines, std::string());
  replace_files(env, data_dir, image_dir, lines);
  const rocksdb::Status removed = env.DeleteFile(marker);
  if (!removed.ok()) throw StorageError("cannot end the reset: " + removed.ToString());
}

}  // namespace cairn::storage
