// Reads an object of a bucket (a file under a bucket directory) line by line, decompressing
// it as ImportTable's InputCompressionType says: GZIP, ZSTD or NONE. Memory stays bounded:
// a line longer than the limit is reported as such (and skipped), never held whole.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace cairn::backup {

enum class Compression { kNone, kGzip, kZstd };

class ObjectLineReader {
 public:
  // Throws std::runtime_error when the file cannot be opened.
  ObjectLineReader(const std::string& path, Compression compression, size_t max_line_bytes);
  ~ObjectLineReader();
  ObjectLineReader(const ObjectLineReader&) = delete;
  ObjectLineReader& operator=(const ObjectLineReader&) = delete;

  enum class Line { kLine, kTooLong, kEnd };
  // The next line, without its "\n" (or "\r\n"). kTooLong: a line past the limit, skipped
  // (line is left empty). Throws std::runtime_error when the data cannot be decompressed.
  Line next(std::string& line);
  // Bytes read from the file so far (compressed, as the object's size counts them).
  int64_t bytes_read() const { return bytes_read_; }

 private:
  // Refills decoded_ with more decompressed bytes; false at the end of the object.
  bool refill();

  struct Decoder;
  std::FILE* file_ = nullptr;
  std::unique_ptr<Decoder> decoder_;
  size_t max_line_bytes_;
  std::string raw_;  // compressed bytes read, not yet decoded
  size_t raw_pos_ = 0;
  std::string decoded_;  // decompressed bytes not yet returned
  size_t decoded_pos_ = 0;
  bool file_done_ = false;
  int64_t bytes_read_ = 0;
};

}  // namespace cairn::backup
