#include "cli/admin_client.h"

#include <simdjson.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "auth/sigv4_signer.h"

namespace cairn::cli {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

std::string json_quoted(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "\"";
}

AdminClient::AdminClient(std::string_view endpoint, std::string region)
    : region_(region.empty() ? (env("AWS_REGION").empty() ? "us-east-1" : env("AWS_REGION"))
                             : std::move(region)),
      key_id_(env("AWS_ACCESS_KEY_ID")),
      secret_(env("AWS_SECRET_ACCESS_KEY")),
      token_(env("AWS_SESSION_TOKEN")) {
  constexpr std::string_view kHttp = "http://", kHttps = "https://";
  std::string_view rest;
  if (endpoint.substr(0, kHttps.size()) == kHttps) {
    tls_ = true;
    rest = endpoint.substr(kHttps.size());
  } else if (endpoint.substr(0, kHttp.size()) == kHttp) {
    rest = endpoint.substr(kHttp.size());
  } else {
    throw std::invalid_argument("--endpoint must be http://HOST:PORT or https://HOST:PORT");
  }
  rest = rest.substr(0, rest.find('/'));
  const auto colon = rest.rfind(':');
  host_ = std::string(rest.substr(0, colon));
  port_ =
      colon == std::string_view::npos ? (tls_ ? "443" : "80") : std::string(rest.substr(colon + 1));
  if (host_.empty()) throw std::invalid_argument("--endpoint must name a host");
  if (key_id_.empty() || secret_.empty()) {
    throw std::invalid_argument(
        "--endpoint needs credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  }
}

namespace {

// One request and its response over a connected stream (TCP or TLS).
template <typename Stream>
http::response<http::string_body> round_trip(Stream& stream,
                                             const http::request<http::string_body>& request) {
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return response;
}

}  // namespace

std::string AdminClient::call(std::string_view operation, const std::string& body) const {
  const std::string host = host_ + ":" + port_;
  const std::string target = "CairnAdmin_20261201." + std::string(operation);
  std::vector<auth::HeaderField> fields = {
      {"host", host}, {"content-type", "application/x-amz-json-1.0"}, {"x-amz-target", target}};
  auth::sign_request(fields, "POST", "/", body, {key_id_, secret_, token_}, region_, "dynamodb",
                     std::chrono::system_clock::now());
  http::request<http::string_body> request(http::verb::post, "/", 11);
  for (const auto& [name, value] : fields) request.set(name, value);
  request.body() = body;
  request.prepare_payload();

  boost::asio::io_context io;
  tcp::resolver resolver(io);
  beast::tcp_stream tcp(io);
  tcp.expires_after(std::chrono::seconds(30));
  tcp.connect(resolver.resolve(host_, port_));
  http::response<http::string_body> response;
  if (tls_) {
    // The server's certificate is verified as the AWS CLI verifies it: against
    // AWS_CA_BUNDLE when set (a private CA, e.g. cairn tls init's), else the system's CAs,
    // and for the host named.
    ssl::context context(ssl::context::tls_client);
    context.set_verify_mode(ssl::verify_peer);
    const std::string bundle = env("AWS_CA_BUNDLE");
    if (bundle.empty()) {
      context.set_default_verify_paths();
    } else {
      context.load_verify_file(bundle);
    }
    beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp), context);
    SSL_set_tlsext_host_name(stream.native_handle(), host_.c_str());
    SSL_set1_host(stream.native_handle(), host_.c_str());
    stream.handshake(ssl::stream_base::client);
    response = round_trip(stream, request);
  } else {
    response = round_trip(tcp, request);
    beast::error_code ec;
    tcp.socket().shutdown(tcp::socket::shutdown_both, ec);
  }
  if (response.result_int() == 200) return response.body();

  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view type = "error", message;
  if (!parser.parse(response.body()).get(doc)) {
    if (doc["__type"].get_string().get(type)) type = "error";
    if (doc["message"].get_string().get(message) && doc["Message"].get_string().get(message)) {
      message = {};
    }
  }
  const auto hash = type.find('#');
  if (hash != std::string_view::npos) type.remove_prefix(hash + 1);
  throw AdminError(std::string(type) + ": " + std::string(message));
}

}  // namespace cairn::cli
