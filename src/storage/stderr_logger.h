// RocksDB's diagnostic log on standard error (warnings and errors), for databases whose own
// LOG file would sit outside the encrypted environment: an encrypted store, a snapshot.
#pragma once

#include <rocksdb/env.h>

#include <cstdarg>
#include <cstdio>
#include <string>

namespace cairn::storage {

class StderrLogger : public rocksdb::Logger {
 public:
  explicit StderrLogger(std::string prefix = "cairn: rocksdb: ")
      : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL), prefix_(std::move(prefix)) {}
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    std::fputs(prefix_.c_str(), stderr);
    std::vfprintf(stderr, format, ap);
    std::fputc('\n', stderr);
  }

 private:
  std::string prefix_;
};

}  // namespace cairn::storage
