#include "cli/tls_command.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace cairn::cli {
namespace {

constexpr std::string_view kUsage = R"(usage: cairn tls init [options]

Makes a CA and a server certificate it signs, for HTTPS on a laptop or in CI:
  DIR/ca.pem    what clients trust (boto3: verify="DIR/ca.pem"; aws CLI: --ca-bundle)
  DIR/cert.pem  the server's certificate   (cairn serve --tls-cert DIR/cert.pem
  DIR/key.pem   its private key                        --tls-key DIR/key.pem)

options:
  --dir DIR      where (default ./cairn-tls)
  --host NAME    a DNS name or IP address the certificate is for (repeatable; default
                 localhost, 127.0.0.1 and ::1)
  --days N       how long the certificates are valid (default 825)
)";

[[noreturn]] void usage(const std::string& message) {
  std::cerr << "cairn tls: " << message << "\n\n" << kUsage;
  std::exit(2);
}

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("cannot make the certificate: ") + what);
}

Key new_key() {
  Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  check(key != nullptr, "EC key generation");
  return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  check(ext != nullptr, value.c_str());
  const bool added = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  check(added, value.c_str());
}

Cert new_certificate(EVP_PKEY* key, const std::string& common_name, int valid_days) {
  Cert cert(X509_new());
  check(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  check(RAND_bytes(serial, sizeof serial) == 1, "random serial");
  serial[0] &= 0x7f;  // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  check(bn != nullptr, "serial number");
  const bool serial_set = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get())) != nullptr;
  BN_free(bn);
  check(serial_set, "serial number");
  check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr &&  // lagging clocks
            X509_gmtime_adj(X509_getm_notAfter(cert.get()),
                            static_cast<long>(valid_days) * 86400) != nullptr,
        "validity");
  check(X509_set_pubkey(cert.get(), key) == 1, "public key");
  X509_NAME* name = X509_get_subject_name(cert.get());
  // A common name is at most 64 characters; a longer host still goes in the SAN.
  const std::string cn = common_name.substr(0, 64);
  check(
      X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                 reinterpret_cast<const unsigned char*>("Cairn"), -1, -1, 0) == 1 &&
          X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                     0) == 1,
      "subject name");
  return cert;
}

// Writes a PEM file with exactly this mode (0600 for a key; the process's umask is left
// alone: a server may be running threads that create files).
void write_pem(const std::string& path, bool secret, const std::function<int(FILE*)>& write) {
  const mode_t mode = secret ? 0600 : 0644;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
  check(fd >= 0 && ::fchmod(fd, mode) == 0, path.c_str());
  FILE* f = ::fdopen(fd, "w");
  if (!f) ::close(fd);
  check(f != nullptr, path.c_str());
  const int ok = write(f);
  const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  check(std::fclose(f) == 0 && flushed && ok == 1, path.c_str());
}

bool is_ip_address(const std::string& host) {
  unsigned char buf[16];
  return host.find(':') != std::string::npos ||
         (!host.empty() && host.find_first_not_of("0123456789.") == std::string::npos &&
          std::sscanf(host.c_str(), "%hhu.%hhu.%hhu.%hhu", &buf[0], &buf[1], &buf[2], &buf[3]) ==
              4);
}

}  // namespace

TlsFilesMade make_tls_files(const std::string& dir, const std::vector<std::string>& hosts,
                            int valid_days) {
  namespace fs = std::filesystem;
  if (!fs::exists(dir)) {
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
  }
  const Key ca_key = new_key();
  // A name of its own: clients that trust two such CAs (say, across a certificate renewal)
  // find each certificate's issuer by name.
  unsigned char id[4];
  check(RAND_bytes(id, sizeof id) == 1, "random CA name");
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, " %02x%02x%02x%02x", id[0], id[1], id[2], id[3]);
  const Cert ca = new_certificate(ca_key.get(), std::string("Cairn local CA") + suffix, valid_days);
  check(X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get())) == 1, "issuer");
  add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
  add_extension(ca.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
  check(X509_sign(ca.get(), ca_key.get(), EVP_sha256()) > 0, "signing the CA");

  const Key key = new_key();
  const Cert cert = new_certificate(key.get(), hosts.front(), valid_days);
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(ca.get())) == 1, "issuer");
  std::string names;
  for (const auto& host : hosts) {
    names += (names.empty() ? "" : ",") + std::string(is_ip_address(host) ? "IP:" : "DNS:") + host;
  }
  add_extension(cert.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
  add_extension(cert.get(), ca.get(), NID_ext_key_usage, "serverAuth");
  add_extension(cert.get(), ca.get(), NID_subject_alt_name, names);
  add_extension(cert.get(), ca.get(), NID_subject_key_identifier, "hash");
  add_extension(cert.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
  check(X509_sign(cert.get(), ca_key.get(), EVP_sha256()) > 0, "signing the certificate");

  TlsFilesMade made{dir + "/ca.pem", dir + "/cert.pem", dir + "/key.pem"};
  write_pem(made.ca, false, [&](FILE* f) { return PEM_write_X509(f, ca.get()); });
  write_pem(made.certificate, false, [&](FILE* f) {
    return PEM_write_X509(f, cert.get()) == 1 && PEM_write_X509(f, ca.get()) == 1 ? 1 : 0;
  });
  write_pem(made.private_key, true, [&](FILE* f) {
    return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  return made;
}

int run_tls_command(int argc, char** argv) {
  if (argc < 3) usage("missing command");
  const std::string_view command = argv[2];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command != "init") usage("unknown command '" + std::string(command) + "'");
  std::string dir = "./cairn-tls";
  std::vector<std::string> hosts;
  int days = 825;
  for (int i = 3; i < argc; ++i) {
    const std::string_view flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(std::string(flag) + " needs a value");
      return argv[++i];
    };
    if (flag == "--dir") {
      dir = value();
    } else if (flag == "--host") {
      hosts.push_back(value());
    } else if (flag == "--days") {
      const std::string text = value();
      char* end = nullptr;
      const long n = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || n < 1 || n > 3650) usage("--days is 1 to 3650");
      days = static_cast<int>(n);
    } else {
      usage("unknown option '" + std::string(flag) + "'");
    }
  }
  if (hosts.empty()) hosts = {"localhost", "127.0.0.1", "::1"};
  try {
    const TlsFilesMade made = make_tls_files(dir, hosts, days);
    std::cout << "CA certificate (for clients): " << made.ca << "\n"
              << "Server certificate: " << made.certificate << "\n"
              << "Server private key: " << made.private_key << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "cairn tls: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}

}  // namespace cairn::cli
