#include "auth/secret_box.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

namespace cairn::auth {
namespace {

constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string seal(std::string_view key, std::string_view plaintext) {
  if (key.size() != kSealKeyBytes) throw std::invalid_argument("a sealing key is 32 bytes");
  std::string box(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  if (RAND_bytes(out, kNonceBytes) != 1) throw std::runtime_error("no secure random bytes");
  CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int length = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), out) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out + kNonceBytes, &length, bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out + kNonceBytes + length, &length) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          out + kNonceBytes + plaintext.size()) != 1) {
    throw std::runtime_error("cannot seal a secret");
  }
  return box;
}

std::optional<std::string> open_sealed(std::string_view key, std::string_view box) {
  if (key.size() != kSealKeyBytes || box.size() < kNonceBytes + kTagBytes) return std::nullopt;
  const size_t size = box.size() - kNonceBytes - kTagBytes;
  std::string plaintext(size, '\0');
  auto* out = reinterpret_cast<unsigned char*>(plaintext.data());
  CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int length = 0;
  std::string tag(box.substr(kNonceBytes + size));
  if (!ctx ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(box)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), out, &length, bytes(box) + kNonceBytes,
                        static_cast<int>(size)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), out + length, &length) != 1) {
    return std::nullopt;
  }
  return plaintext;
}

}  // namespace cairn::auth
