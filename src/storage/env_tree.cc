#include "storage/env_tree.h"

#include <rocksdb/env.h>

#include <algorithm>

#include "storage/kv_store.h"

namespace cairn::storage {
namespace {

void must(const rocksdb::Status& s, const std::string& what) {
  if (!s.ok()) throw StorageError(what + ": " + s.ToString());
}

bool ends_with(const std::string& name, const std::string& suffix) {
  return name.size() >= suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::vector<std::string> children_of(rocksdb::Env& env, const std::string& dir) {
  std::vector<std::string> names;
  if (!env.FileExists(dir).ok()) return names;
  must(env.GetChildren(dir, &names), "cannot list " + dir);
  std::erase_if(names, [](const std::string& n) { return n == "." || n == ".."; });
  // A memory Env names a directory once per file under it.
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

bool is_directory(rocksdb::Env& env, const std::string& path) {
  bool dir = false;
  if (env.IsDirectory(path, &dir).ok() && dir) return true;
  // A memory Env keeps no directories, only files named by paths: a path is a directory
  // there when files lie under it.
  std::vector<std::string> names;
  return env.GetChildren(path, &names).ok() &&
         std::any_of(names.begin(), names.end(),
                     [](const std::string& n) { return n != "." && n != ".."; });
}

void copy_file(rocksdb::Env& env, const std::string& from, const std::string& to) {
  std::unique_ptr<rocksdb::SequentialFile> in;
  must(env.NewSequentialFile(from, &in, rocksdb::EnvOptions()), "cannot read " + from);
  std::unique_ptr<rocksdb::WritableFile> out;
  must(env.NewWritableFile(to, &out, rocksdb::EnvOptions()), "cannot write " + to);
  std::string buffer(1 << 20, '\0');
  while (true) {
    rocksdb::Slice chunk;
    must(in->Read(buffer.size(), &chunk, buffer.data()), "cannot read " + from);
    if (chunk.empty()) break;
    must(out->Append(chunk), "cannot write " + to);
  }
  must(out->Sync(), "cannot sync " + to);
  must(out->Close(), "cannot close " + to);
}

void link_tree(rocksdb::Env& env, const std::string& from, const std::string& to) {
  must(env.CreateDirIfMissing(to), "cannot make " + to);
  for (const std::string& name : children_of(env, from)) {
    const std::string source = from + "/" + name;
    const std::string target = to + "/" + name;
    if (is_directory(env, source)) {
      link_tree(env, source, target);
    } else if (!ends_with(name, ".sst") || !env.LinkFile(source, target).ok()) {
      // Across file systems (or where links are not kept) a table file is copied too.
      copy_file(env, source, target);
    }
  }
}

void remove_tree(rocksdb::Env& env, const std::string& path) {
  if (!env.FileExists(path).ok()) return;
  if (!is_directory(env, path)) {
    must(env.DeleteFile(path), "cannot remove " + path);
    return;
  }
  for (const std::string& name : children_of(env, path)) remove_tree(env, path + "/" + name);
  // A memory Env keeps no directory entries: there, the directory went with its last file.
  const rocksdb::Status removed = env.DeleteDir(path);
  if (!removed.ok() && !removed.IsNotFound() && env.FileExists(path).ok()) {
    throw StorageError("cannot remove " + path + ": " + removed.ToString());
  }
}

}  // namespace cairn::storage
