// The server's TLS configuration: an OpenSSL context (TLS 1.2 and 1.3 only, forward-secret
// AEAD cipher suites) built from a certificate chain and a private key in PEM files, and
// rebuilt from the same files on demand (SIGHUP). Connections keep the context they
// started with; new ones get the current one, so a reload drops no connection.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <mutex>
#include <string>

namespace cairn::net {

struct TlsFiles {
  std::string certificate;  // PEM: the server's certificate, then its chain
  std::string private_key;  // PEM
};

class TlsContexts {
 public:
  // Loads the files; throws std::runtime_error saying which file is wrong and why.
  explicit TlsContexts(TlsFiles files);

  // The context for a new connection.
  std::shared_ptr<boost::asio::ssl::context> current() const;
  // Loads the files again; on failure keeps the current context and throws.
  void reload();

 private:
  static std::shared_ptr<boost::asio::ssl::context> load(const TlsFiles& files);

  TlsFiles files_;
  mutable std::mutex mu_;
  std::shared_ptr<boost::asio::ssl::context> current_;
};

}  // namespace cairn::net
