#include "backup/object_reader.h"

#include <zlib.h>
#include <zstd.h>

#include <stdexcept>

namespace cairn::backup {
namespace {

constexpr size_t kReadChunk = 256 * 1024;
constexpr size_t kDecodeChunk = 256 * 1024;

}  // namespace

// One decompressor; NONE copies.
struct ObjectLineReader::Decoder {
  Compression compression;
  z_stream zs{};
  ZSTD_DStream* zstd = nullptr;
  bool stream_ended = false;

  explicit Decoder(Compression c) : compression(c) {
    if (c == Compression::kGzip && inflateInit2(&zs, 15 + 32) != Z_OK) {
      throw std::runtime_error("cannot start gzip");
    }
    if (c == Compression::kZstd) zstd = ZSTD_createDStream();
  }
  ~Decoder() {
    if (compression == Compression::kGzip) inflateEnd(&zs);
    if (zstd) ZSTD_freeDStream(zstd);
  }

  // Decodes from in[pos..] into out (appending); advances pos.
  void decode(const std::string& in, size_t& pos, std::string& out) {
    if (compression == Compression::kNone) {
      out.append(in, pos, std::string::npos);
      pos = in.size();
      return;
    }
    // A finished stream with no more input has nothing more to give (more input after it
    // would be a further gzip member or zstd frame).
    if (stream_ended && pos == in.size()) return;
    const size_t start = out.size();
    out.resize(start + kDecodeChunk);
    if (compression == Compression::kGzip) {
      if (stream_ended) {
        // Concatenated gzip members (as `cat a.gz b.gz` makes) are one stream.
        if (inflateReset(&zs) != Z_OK) throw std::runtime_error("gzip data is corrupt");
        stream_ended = false;
      }
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + pos));
      zs.avail_in = static_cast<uInt>(in.size() - pos);
      zs.next_out = reinterpret_cast<Bytef*>(out.data() + start);
      zs.avail_out = static_cast<uInt>(kDecodeChunk);
      const int rc = inflate(&zs, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        throw std::runtime_error("gzip data is corrupt");
      }
      if (rc == Z_STREAM_END) stream_ended = true;
      pos = in.size() - zs.avail_in;
      out.resize(start + (kDecodeChunk - zs.avail_out));
      return;
    }
    ZSTD_inBuffer input{in.data(), in.size(), pos};
    ZSTD_outBuffer output{out.data() + start, kDecodeChunk, 0};
    const size_t rc = ZSTD_decompressStream(zstd, &output, &input);
    if (ZSTD_isError(rc)) throw std::runtime_error("zstd data is corrupt");
    stream_ended = rc == 0;
    pos = input.pos;
    out.resize(start + output.pos);
  }
};

ObjectLineReader::ObjectLineReader(const std::string& path, Compression compression,
                                   size_t max_line_bytes)
    : decoder_(std::make_unique<Decoder>(compression)), max_line_bytes_(max_line_bytes) {
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw std::runtime_error("cannot read " + path);
}

ObjectLineReader::~ObjectLineReader() {
  if (file_) std::fclose(file_);
}

bool ObjectLineReader::refill() {
  // Drop what was returned, so decoded_ holds at most one line and a chunk.
  decoded_.erase(0, decoded_pos_);
  decoded_pos_ = 0;
  for (;;) {
    if (raw_pos_ == raw_.size() && !file_done_) {
      raw_.resize(kReadChunk);
      const size_t n = std::fread(raw_.data(), 1, kReadChunk, file_);
      raw_.resize(n);
      raw_pos_ = 0;
      bytes_read_ += static_cast<int64_t>(n);
      if (n < kReadChunk) {
        if (std::ferror(file_)) throw std::runtime_error("cannot read the object");
        file_done_ = true;
      }
    }
    const size_t before = decoded_.size();
    decoder_->decode(raw_, raw_pos_, decoded_);
    if (decoded_.size() > before) return true;
    if (raw_pos_ == raw_.size() && file_done_) {
      if (decoder_->compression != Compression::kNone && !decoder_->stream_ended &&
          bytes_read_ > 0) {
        throw std::runtime_error("the compressed data ends too soon");
      }
      return false;
    }
  }
}

ObjectLineReader::Line ObjectLineReader::next(std::string& line) {
  line.clear();
  bool too_long = false;
  size_t scanned = decoded_pos_;
  for (;;) {
    const size_t newline = decoded_.find('\n', scanned);
    if (newline != std::string::npos) {
      if (!too_long) {
        line.assign(decoded_, decoded_pos_, newline - decoded_pos_);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.size() > max_line_bytes_) too_long = true;
      }
      decoded_pos_ = newline + 1;
      if (too_long) line.clear();
      return too_long ? Line::kTooLong : Line::kLine;
    }
    if (decoded_.size() - decoded_pos_ > max_line_bytes_) {
      // Past the limit without a newline: drop what is held and keep looking for the end.
      too_long = true;
      decoded_pos_ = decoded_.size();
    }
    scanned = decoded_.size() - decoded_pos_;  // relative to decoded_pos_ after refill
    if (!refill()) {
      if (decoded_pos_ < decoded_.size() && !too_long) {
        line.assign(decoded_, decoded_pos_, std::string::npos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        decoded_pos_ = decoded_.size();
        return Line::kLine;
      }
      decoded_pos_ = decoded_.size();
      return too_long ? Line::kTooLong : Line::kEnd;
    }
    scanned += decoded_pos_;
  }
}

}  // namespace cairn::backup
