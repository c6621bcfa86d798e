#include "net/tls_stream.h"

#include <gtest/gtest.h>

#include <boost/asio/read.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "net/tls_context.h"

namespace cairn::net {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

// A self-signed certificate for localhost and its key, written under dir: the client
// trusts the certificate itself.
TlsFiles make_certificate(const std::string& dir) {
  std::filesystem::create_directories(dir);
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());
  const TlsFiles files{dir + "/cert.pem", dir + "/key.pem"};
  FILE* f = std::fopen(files.certificate.c_str(), "w");
  PEM_write_X509(f, cert);
  std::fclose(f);
  f = std::fopen(files.private_key.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(cert);
  EVP_PKEY_free(key);
  return files;
}

// A server TlsStream and an Asio SSL client (OpenSSL's own memory-BIO engine) on one
// loopback connection, both driven by one io_context.
class TlsStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A directory of its own: ctest runs these tests in parallel processes.
    std::string pattern = ::testing::TempDir() + "/tls_stream_test_XXXXXX";
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp");
    dir_ = pattern;
    files_ = make_certificate(dir_);
    contexts_ = std::make_unique<TlsContexts>(files_);
    client_context_.load_verify_file(files_.certificate);
    client_context_.set_verify_mode(asio::ssl::verify_peer);

    asio::ip::tcp::acceptor acceptor(io_, {asio::ip::make_address("127.0.0.1"), 0});
    Socket accepted(io_);
    client_.next_layer().connect(acceptor.local_endpoint());
    acceptor.accept(accepted);
    server_.emplace(std::move(accepted), *contexts_->current());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Both handshakes, concurrently.
  void handshake() {
    error_code server_ec = asio::error::would_block, client_ec = asio::error::would_block;
    server_->async_handshake([&](error_code ec) { server_ec = ec; });
    client_.async_handshake(asio::ssl::stream_base::client, [&](error_code ec) { client_ec = ec; });
    io_.run();
    io_.restart();
    ASSERT_FALSE(server_ec) << server_ec.message();
    ASSERT_FALSE(client_ec) << client_ec.message();
  }

  std::string dir_;
  TlsFiles files_;
  std::unique_ptr<TlsContexts> contexts_;
  asio::io_context io_;
  asio::ssl::context client_context_{asio::ssl::context::tls_client};
  asio::ssl::stream<asio::ip::tcp::socket> client_{io_, client_context_};
  std::optional<TlsStream> server_;
};

TEST_F(TlsStreamTest, CarriesLargeMessagesBothWays) {
  handshake();
  // Larger than a record and than the stream's input buffer, and than a socket buffer: the
  // writes meet a full socket and wait, the reads take several records.
  std::string request(3 * 1024 * 1024 + 7, 'q'), response(5 * 1024 * 1024 + 3, 'r');
  for (size_t i = 0; i < request.size(); i += 4093) request[i] = static_cast<char>(i);
  for (size_t i = 0; i < response.size(); i += 4099) response[i] = static_cast<char>(i);
  std::string got_request(request.size(), '\0'), got_response(response.size(), '\0');
  error_code ec1 = asio::error::would_block, ec2 = ec1, ec3 = ec1, ec4 = ec1;
  asio::async_write(client_, asio::buffer(request), [&](error_code ec, size_t) { ec1 = ec; });
  asio::async_read(*server_, asio::buffer(got_request), [&](error_code ec, size_t) {
    ec2 = ec;
    asio::async_write(*server_, asio::buffer(response), [&](error_code ec, size_t) { ec3 = ec; });
  });
  asio::async_read(client_, asio::buffer(got_response), [&](error_code ec, size_t) { ec4 = ec; });
  io_.run();
  EXPECT_FALSE(ec1 || ec2 || ec3 || ec4);
  EXPECT_TRUE(got_request == request);
  EXPECT_TRUE(got_response == response);
}

TEST_F(TlsStreamTest, ReadsWhatOpenSslHoldsDecryptedWithoutWaitingForMore) {
  handshake();
  // One record, read a byte at a time: after the first byte the rest is decrypted inside
  // OpenSSL and nothing is left to receive, so a read that went to the socket first would
  // wait for bytes that never come (io_.run() would not return).
  const std::string message = "one record, read byte by byte";
  error_code write_ec = asio::error::would_block;
  asio::async_write(client_, asio::buffer(message), [&](error_code ec, size_t) { write_ec = ec; });
  std::string got;
  char byte = 0;
  std::function<void(error_code, size_t)> on_byte = [&](error_code ec, size_t n) {
    if (ec) return;
    got.append(&byte, n);
    if (got.size() < message.size()) server_->async_read_some(asio::buffer(&byte, 1), on_byte);
  };
  server_->async_read_some(asio::buffer(&byte, 1), on_byte);
  io_.run();
  EXPECT_FALSE(write_ec);
  EXPECT_EQ(got, message);
}

TEST_F(TlsStreamTest, ReportsThePeerLeaving) {
  handshake();
  char byte = 0;
  error_code read_ec;
  asio::async_read(*server_, asio::buffer(&byte, 1), [&](error_code ec, size_t) { read_ec = ec; });
  client_.next_layer().close();
  io_.run();
  EXPECT_TRUE(read_ec);
}

TEST_F(TlsStreamTest, RefusesWhatIsNotTls) {
  error_code server_ec;
  server_->async_handshake([&](error_code ec) { server_ec = ec; });
  asio::write(client_.next_layer(), asio::buffer(std::string("GET / HTTP/1.1\r\n\r\n")));
  io_.run();
  EXPECT_TRUE(server_ec);
}

}  // namespace
}  // namespace cairn::net
