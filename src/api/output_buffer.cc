#include "api/output_buffer.h"

#include <cstdlib>
#include <new>

namespace cairn::api {

OutputBuffer::~OutputBuffer() {
  std::free(data_);
}

void OutputBuffer::release() {
  std::free(data_);
  data_ = nullptr;
  size_ = capacity_ = 0;
}

void OutputBuffer::grow(size_t n) {
  // Doubling, from a size that holds most single-item responses at once.
  size_t capacity = capacity_ == 0 ? 1024 : capacity_ * 2;
  if (capacity - size_ < n) capacity = size_ + n;
  auto* data = static_cast<char*>(std::realloc(data_, capacity));
  if (!data) throw std::bad_alloc();
  data_ = data;
  capacity_ = capacity;
}

}  // namespace cairn::api
