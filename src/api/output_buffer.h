// OutputBuffer: the growable byte buffer a response is rendered into. Unlike std::string
// it lets a writer ask once for room for several bytes, fill them through a pointer and
// then commit them: a JSON token costs one capacity check, not one per character. A
// connection keeps one for all its responses, so rendering seldom allocates.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

namespace cairn::api {

class OutputBuffer {
 public:
  OutputBuffer() = default;
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;
  ~OutputBuffer();

  std::string_view view() const { return {data_, size_}; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }
  // Frees the memory (clear keeps it for the next response).
  void release();

  // Where at least n more bytes may be written. They count only once committed.
  char* room(size_t n) {
    if (capacity_ - size_ < n) grow(n);
    return data_ + size_;
  }
  // Commits the bytes written from room() up to end.
  void commit(const char* end) { size_ = static_cast<size_t>(end - data_); }

  void append(const char* s, size_t n) {
    if (n == 0) return;
    char* p = room(n);
    std::memcpy(p, s, n);
    size_ += n;
  }
  void append(std::string_view s) { append(s.data(), s.size()); }
  void push_back(char c) {
    *room(1) = c;
    ++size_;
  }

 private:
  void grow(size_t n);

  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace cairn::api
