#include "net/tls_context.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace cairn::net {
namespace {

std::string refusal(const TlsFiles& files) {
  try {
    TlsContexts contexts(files);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "accepted";
}

// A server that cannot use its certificate says which file and why, before it listens.
TEST(TlsContexts, NamesTheFileItCannotUse) {
  const std::string missing = "/nonexistent/cert.pem";
  EXPECT_EQ(refusal({missing, "/nonexistent/key.pem"})
                .rfind("cannot use the TLS certificate " + missing, 0),
            0u);
  const std::string garbage = ::testing::TempDir() + "/garbage.pem";
  std::ofstream(garbage) << "not a certificate\n";
  EXPECT_NE(refusal({garbage, garbage}).find(garbage), std::string::npos);
  std::remove(garbage.c_str());
}

}  // namespace
}  // namespace cairn::net
