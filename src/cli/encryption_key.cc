#include "cli/encryption_key.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "storage/encryption_keyring.h"

namespace cairn::cli {

std::string master_key_from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the encryption key file " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return storage::parse_master_key(text, "the encryption key file " + path, /*raw_allowed=*/true);
}

std::string master_key_from_command(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run the encryption key command");
  std::string text;
  char buf[256];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0 && text.size() < 4096) text.append(buf, n);
  const int status = ::pclose(pipe);
  if (status != 0) {
    throw std::runtime_error("the encryption key command failed (status " + std::to_string(status) +
                             ")");
  }
  return storage::parse_master_key(text, "the encryption key command's output");
}

std::optional<std::string> master_key_from_environment() {
  const char* text = std::getenv("CAIRN_ENCRYPTION_KEY");
  if (!text || !*text) return std::nullopt;
  return storage::parse_master_key(text, "CAIRN_ENCRYPTION_KEY");
}

std::optional<std::string> master_key_from(const std::string& file, const std::string& command) {
  if (!file.empty()) return master_key_from_file(file);
  if (!command.empty()) return master_key_from_command(command);
  return master_key_from_environment();
}

}  // namespace cairn::cli
