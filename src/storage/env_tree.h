// Directory trees through a RocksDB Env: the database's own (a memory one with --in-memory,
// the encrypting one at rest), so that images of the database (database_image.h) are made
// and put back the same way whatever holds the files.
#pragma once

#include <string>
#include <vector>

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace cairn::storage {

// The names in dir (no "." or ".."); none when dir does not exist.
std::vector<std::string> children_of(rocksdb::Env& env, const std::string& dir);

bool is_directory(rocksdb::Env& env, const std::string& path);

// Makes to a copy of the tree from: table files (never changed once written) hard-linked,
// every other file (CURRENT, MANIFEST, logs, which a database may write again) copied.
void link_tree(rocksdb::Env& env, const std::string& from, const std::string& to);

// Copies one file, as the Env reads and writes it.
void copy_file(rocksdb::Env& env, const std::string& from, const std::string& to);

// Removes the tree at path (nothing when there is none).
void remove_tree(rocksdb::Env& env, const std::string& path);

}  // namespace cairn::storage
