#include "backup/bucket_object.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

namespace cairn::backup {
namespace {

constexpr size_t kOutChunk = 256 * 1024;

std::string hex(const unsigned char* digest, unsigned length) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    out.push_back(kDigits[digest[i] >> 4]);
    out.push_back(kDigits[digest[i] & 15]);
  }
  return out;
}

std::string base64(const unsigned char* digest, unsigned length) {
  std::string out(4 * ((length + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), digest,
                                static_cast<int>(length));
  out.resize(static_cast<size_t>(n));
  return out;
}

ObjectDigest digest_of(EVP_MD_CTX* ctx, int64_t size) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  EVP_DigestFinal_ex(ctx, digest, &length);
  return {size, hex(digest, length), base64(digest, length)};
}

// Creates the object's file (owner-only, as everything Cairn writes) and its folders.
std::FILE* create_file(const std::string& path) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + path);
  std::FILE* file = ::fdopen(fd, "wb");
  if (!file) {
    ::close(fd);
    throw std::runtime_error("cannot open " + path);
  }
  return file;
}

void write_all(std::FILE* file, const char* data, size_t size, const std::string& path) {
  if (size > 0 && std::fwrite(data, 1, size, file) != size) {
    throw std::runtime_error("cannot write " + path + " (is the disk full?)");
  }
}

void close_synced(std::FILE* file, const std::string& path) {
  const bool ok = std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  if (std::fclose(file) != 0 || !ok) throw std::runtime_error("cannot write " + path);
}

}  // namespace

bool is_safe_object_key(std::string_view key) {
  if (key.empty() || key.find('\0') != std::string_view::npos) return false;
  size_t start = 0;
  for (;;) {
    const size_t end = key.find('/', start);
    const std::string_view segment =
        key.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

ObjectDigest write_object(const std::string& path, std::string_view content) {
  std::FILE* file = create_file(path);
  try {
    write_all(file, content.data(), content.size(), path);
  } catch (...) {
    std::fclose(file);
    throw;
  }
  close_synced(file, path);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_md5(), nullptr);
  EVP_DigestUpdate(ctx, content.data(), content.size());
  ObjectDigest digest = digest_of(ctx, static_cast<int64_t>(content.size()));
  EVP_MD_CTX_free(ctx);
  return digest;
}

GzipObjectWriter::GzipObjectWriter(const std::string& path) : path_(path) {
  // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&zs_, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("cannot start gzip");
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_md5(), nullptr);
  md5_ = ctx;
  try {
    file_ = create_file(path);
  } catch (...) {
    deflateEnd(&zs_);
    EVP_MD_CTX_free(ctx);
    throw;
  }
  out_.resize(kOutChunk);
}

GzipObjectWriter::~GzipObjectWriter() {
  deflateEnd(&zs_);
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(md5_));
  if (file_) std::fclose(file_);
}

void GzipObjectWriter::deflate_and_write(int flush) {
  do {
    zs_.next_out = reinterpret_cast<Bytef*>(out_.data());
    zs_.avail_out = static_cast<uInt>(out_.size());
    const int rc = deflate(&zs_, flush);
    if (rc == Z_STREAM_ERROR) throw std::runtime_error("gzip failed for " + path_);
    const size_t produced = out_.size() - zs_.avail_out;
    write_all(file_, out_.data(), produced, path_);
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(md5_), out_.data(), produced);
    written_ += static_cast<int64_t>(produced);
  } while (zs_.avail_out == 0);
}

void GzipObjectWriter::append(std::string_view bytes) {
  zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs_.avail_in = static_cast<uInt>(bytes.size());
  uncompressed_ += static_cast<int64_t>(bytes.size());
  deflate_and_write(Z_NO_FLUSH);
}

ObjectDigest GzipObjectWriter::finish() {
  zs_.next_in = nullptr;
  zs_.avail_in = 0;
  deflate_and_write(Z_FINISH);
  std::FILE* file = file_;
  file_ = nullptr;
  close_synced(file, path_);
  return digest_of(static_cast<EVP_MD_CTX*>(md5_), written_);
}

}  // namespace cairn::backup
