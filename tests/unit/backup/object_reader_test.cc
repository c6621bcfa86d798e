#include "backup/object_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <vector>

namespace cairn::backup {
namespace {

std::string gzip(const std::string& text) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, text.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zs.avail_in = static_cast<uInt>(text.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string zstd(const std::string& text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3));
  return out;
}

class ObjectReaderTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove(path_); }
  void write(const std::string& bytes) { std::ofstream(path_, std::ios::binary) << bytes; }
  // Every line read, "!" for a line past the limit.
  std::vector<std::string> lines(Compression compression, size_t limit = 1 << 20) {
    ObjectLineReader reader(path_, compression, limit);
    std::vector<std::string> out;
    std::string line;
    for (;;) {
      const auto read = reader.next(line);
      if (read == ObjectLineReader::Line::kEnd) return out;
      out.push_back(read == ObjectLineReader::Line::kTooLong ? "!" : line);
    }
  }
  const std::string path_ =
      ::testing::TempDir() + "object-reader-test-" + std::to_string(::getpid());
};

TEST_F(ObjectReaderTest, LinesOfAPlainObjectWithOrWithoutAFinalNewlineOrCarriageReturns) {
  write("one\r\ntwo\n\nthree");
  EXPECT_EQ(lines(Compression::kNone), (std::vector<std::string>{"one", "two", "", "three"}));
  write("one\ntwo\n");
  EXPECT_EQ(lines(Compression::kNone), (std::vector<std::string>{"one", "two"}));
  write("");
  EXPECT_TRUE(lines(Compression::kNone).empty());
}

TEST_F(ObjectReaderTest, GzipIncludingConcatenatedMembersAndZstdDecompressAcrossChunks) {
  std::string text;
  std::vector<std::string> expected;
  for (int i = 0; i < 50000; ++i) {
    expected.push_back("line " + std::to_string(i) + std::string(static_cast<size_t>(i % 37), 'x'));
    text += expected.back() + "\n";
  }
  write(gzip(text));
  EXPECT_EQ(lines(Compression::kGzip), expected);
  write(gzip(text.substr(0, 1000)) + gzip(text.substr(1000)));
  EXPECT_EQ(lines(Compression::kGzip), expected);
  write(zstd(text));
  EXPECT_EQ(lines(Compression::kZstd), expected);
}

TEST_F(ObjectReaderTest, ALineOverTheLimitIsReportedAndSkipped) {
  write("short\n" + std::string(3000, 'y') + "\nafter\n" + std::string(5000, 'z'));
  EXPECT_EQ(lines(Compression::kNone, 1000),
            (std::vector<std::string>{"short", "!", "after", "!"}));
}

TEST_F(ObjectReaderTest, DataThatDoesNotDecompressIsAnError) {
  write("plain text, not gzip\n");
  EXPECT_THROW(lines(Compression::kGzip), std::runtime_error);
  write(gzip("cut short\n").substr(0, 12));
  EXPECT_THROW(lines(Compression::kGzip), std::runtime_error);
  write("not zstd either\n");
  EXPECT_THROW(lines(Compression::kZstd), std::runtime_error);
  EXPECT_THROW(ObjectLineReader("/nonexistent/object", Compression::kNone, 10), std::runtime_error);
}

}  // namespace
}  // namespace cairn::backup
