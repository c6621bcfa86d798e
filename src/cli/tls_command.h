// cairn tls init: a certificate for laptops and CI, made with OpenSSL: a private CA (its
// certificate is what clients trust: boto3's verify=, the aws CLI's --ca-bundle) and a
// server certificate it signs, for localhost and the loopback addresses unless told which
// names. Keys are EC P-256, written readable by their owner only.
#pragma once

#include <string>
#include <vector>

namespace cairn::cli {

struct TlsFilesMade {
  std::string ca;           // ca.pem: what clients trust
  std::string certificate;  // cert.pem: the server's certificate, then the CA's
  std::string private_key;  // key.pem
};

// Makes the three files in dir (created 0700 if missing). hosts: DNS names or IP addresses
// the certificate is for. Throws std::runtime_error.
TlsFilesMade make_tls_files(const std::string& dir, const std::vector<std::string>& hosts,
                            int valid_days);

// argv[1] is "tls". Returns the exit status.
int run_tls_command(int argc, char** argv);

}  // namespace cairn::cli
