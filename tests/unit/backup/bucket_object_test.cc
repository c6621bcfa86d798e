#include "backup/bucket_object.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace cairn::backup {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string gunzip(const std::string& compressed) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  zs.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char buffer[4096];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - zs.avail_out);
  }
  inflateEnd(&zs);
  EXPECT_EQ(rc, Z_STREAM_END);
  return out;
}

class BucketObjectTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }
  const std::string dir_ =
      ::testing::TempDir() + "bucket-object-test-" + std::to_string(::getpid());
};

TEST(BucketObject, KeysThatCouldLeaveTheBucketAreNotSafe) {
  EXPECT_TRUE(is_safe_object_key("AWSDynamoDB/1-2/data/x.json.gz"));
  EXPECT_TRUE(is_safe_object_key("a.b/..c/AWSDynamoDB"));
  for (const char* key : {"", "/a", "a/", "a//b", "..", "a/../b", "./a", "a/."}) {
    EXPECT_FALSE(is_safe_object_key(key)) << key;
  }
  EXPECT_FALSE(is_safe_object_key(std::string_view("a\0b", 3)));
}

TEST_F(BucketObjectTest, AWholeObjectIsWrittenWithItsMd5InHexAndBase64) {
  const std::string path = dir_ + "/folder/empty";
  const ObjectDigest empty = write_object(path, "");
  EXPECT_EQ(empty.size_bytes, 0);
  EXPECT_EQ(empty.md5_hex, "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(empty.md5_base64, "1B2M2Y8AsgTpgAmY7PhCfg==");
  EXPECT_TRUE(std::filesystem::exists(path));
  const ObjectDigest abc = write_object(dir_ + "/abc", "abc");
  EXPECT_EQ(abc.md5_hex, "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(read_file(dir_ + "/abc"), "abc");
  // Owner-only, as everything Cairn writes.
  const auto perms = std::filesystem::status(dir_ + "/abc").permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
}

TEST_F(BucketObjectTest, AGzipObjectHoldsWhatWasAppendedAndItsDigestCoversTheCompressedBytes) {
  const std::string path = dir_ + "/data/x.json.gz";
  GzipObjectWriter writer(path);
  std::string expected;
  for (int i = 0; i < 20000; ++i) {
    const std::string line = "{\"Item\":{\"n\":{\"N\":\"" + std::to_string(i) + "\"}}}\n";
    writer.append(line);
    expected += line;
  }
  EXPECT_EQ(writer.uncompressed_bytes(), static_cast<int64_t>(expected.size()));
  const ObjectDigest digest = writer.finish();
  const std::string compressed = read_file(path);
  EXPECT_EQ(digest.size_bytes, static_cast<int64_t>(compressed.size()));
  EXPECT_LT(compressed.size(), expected.size() / 4);
  EXPECT_EQ(gunzip(compressed), expected);
  const std::string rewritten = dir_ + "/copy";
  EXPECT_EQ(write_object(rewritten, compressed).md5_hex, digest.md5_hex);
}

}  // namespace
}  // namespace cairn::backup
