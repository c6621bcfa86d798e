// Objects of a bucket that stands for an S3 bucket: a directory on local disk, an object a
// file under it named by the object's key. Exports write their files through these, with
// the digests S3 would report for them (ETag: the MD5 in hex; Content-MD5: in base64).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <zlib.h>

namespace cairn::backup {

struct ObjectDigest {
  int64_t size_bytes = 0;
  std::string md5_hex;
  std::string md5_base64;
};

// Whether key is an object key Cairn writes under a bucket directory: no empty, "." or ".."
// segment and no NUL, so that it cannot leave the directory.
bool is_safe_object_key(std::string_view key);

// Writes a whole object (creating its folders); throws std::runtime_error.
ObjectDigest write_object(const std::string& path, std::string_view content);

// A gzip-compressed object written as it is produced.
class GzipObjectWriter {
 public:
  explicit GzipObjectWriter(const std::string& path);  // throws std::runtime_error
  ~GzipObjectWriter();
  GzipObjectWriter(const GzipObjectWriter&) = delete;
  GzipObjectWriter& operator=(const GzipObjectWriter&) = delete;

  void append(std::string_view bytes);
  int64_t uncompressed_bytes() const { return uncompressed_; }
  // Flushes the gzip trailer and syncs the file; the digest covers the compressed bytes.
  ObjectDigest finish();

 private:
  void deflate_and_write(int flush);

  std::string path_;
  std::FILE* file_ = nullptr;
  z_stream zs_{};
  void* md5_ = nullptr;  // an EVP_MD_CTX, over the bytes written
  int64_t written_ = 0;
  int64_t uncompressed_ = 0;
  std::string out_;
};

}  // namespace cairn::backup
