#include "cli/encryption_key.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace cairn::cli {
namespace {

constexpr size_t kKeyBytes = 32;

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
    s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
  return s;
}

std::optional<std::string> hex_bytes(std::string_view s) {
  if (s.size() != 2 * kKeyBytes) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < s.size(); i += 2) {
    int v = 0;
    for (int j = 0; j < 2; ++j) {
      const char c = s[i + j];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    out.push_back(static_cast<char>(v));
  }
  return out;
}

std::optional<std::string> base64_bytes(std::string_view s) {
  if (s.size() != 44) return std::nullopt;
  unsigned char out[48];
  const int n = EVP_DecodeBlock(out, reinterpret_cast<const unsigned char*>(s.data()),
                                static_cast<int>(s.size()));
  // EVP_DecodeBlock counts the padding's zero bytes: 44 characters with one '=' are 32.
  if (n != 33 || s[43] != '=' || s[42] == '=') return std::nullopt;
  return std::string(reinterpret_cast<char*>(out), kKeyBytes);
}

}  // namespace

std::string parse_master_key(std::string_view text, const std::string& source) {
  if (text.size() == kKeyBytes) return std::string(text);  // the raw bytes
  const std::string_view t = trimmed(text);
  if (auto key = hex_bytes(t)) return *key;
  if (auto key = base64_bytes(t)) return *key;
  throw std::runtime_error(source +
                           " does not hold an encryption key: 32 bytes, as 64 hex digits, "
                           "base64 or raw (it has " +
                           std::to_string(text.size()) + " bytes)");
}

std::string master_key_from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the encryption key file " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_master_key(text, "the encryption key file " + path);
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
  return parse_master_key(text, "the encryption key command's output");
}

std::optional<std::string> master_key_from_environment() {
  const char* text = std::getenv("CAIRN_ENCRYPTION_KEY");
  if (!text || !*text) return std::nullopt;
  return parse_master_key(text, "CAIRN_ENCRYPTION_KEY");
}

std::string new_master_key_hex() {
  unsigned char key[kKeyBytes];
  if (RAND_bytes(key, sizeof key) != 1) throw std::runtime_error("no secure random bytes");
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : key) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

}  // namespace cairn::cli
