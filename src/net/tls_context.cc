#include "net/tls_context.h"

#include <openssl/ssl.h>

#include <stdexcept>

namespace cairn::net {
namespace {

namespace ssl = boost::asio::ssl;

// TLS 1.2's suites with forward secrecy and AEAD only (TLS 1.3's are all of that kind):
// what Mozilla's "intermediate" configuration allows.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

}  // namespace

TlsContexts::TlsContexts(TlsFiles files) : files_(std::move(files)), current_(load(files_)) {}

std::shared_ptr<ssl::context> TlsContexts::load(const TlsFiles& files) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  // A setting OpenSSL refuses would leave its defaults (older protocols, CBC suites) in force:
  // refused here instead.
  const bool configured = SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) == 1 &&
                          SSL_CTX_set_max_proto_version(native, TLS1_3_VERSION) == 1 &&
                          SSL_CTX_set_cipher_list(native, kTls12Ciphers) == 1 &&
                          // TLS 1.3: AES-128-GCM first (OpenSSL's default order starts with
                          // AES-256): as safe for this use, and cheaper per record.
                          SSL_CTX_set_ciphersuites(native,
                                                   "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:"
                                                   "TLS_CHACHA20_POLY1305_SHA256") == 1;
  if (!configured)
    throw std::runtime_error("OpenSSL refused Cairn's TLS protocol or cipher settings");
  // No renegotiation, no compression (CRIME), the server's cipher order.
  SSL_CTX_set_options(
      native, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  boost::system::error_code ec;
  context->use_certificate_chain_file(files.certificate, ec);
  if (ec) {
    throw std::runtime_error("cannot use the TLS certificate " + files.certificate + ": " +
                             ec.message());
  }
  context->use_private_key_file(files.private_key, ssl::context::pem, ec);
  if (ec) {
    throw std::runtime_error("cannot use the TLS private key " + files.private_key + ": " +
                             ec.message());
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    throw std::runtime_error("the TLS private key " + files.private_key +
                             " does not match the certificate " + files.certificate);
  }
  return context;
}

std::shared_ptr<ssl::context> TlsContexts::current() const {
  std::lock_guard lock(mu_);
  return current_;
}

void TlsContexts::reload() {
  auto fresh = load(files_);
  std::lock_guard lock(mu_);
  current_ = std::move(fresh);
}

}  // namespace cairn::net
