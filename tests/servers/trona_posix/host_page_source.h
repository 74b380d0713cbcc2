// A PageSource (trona/core/heap.h) on host memory, for the heap's tests: a
// break in one host buffer (optionally with a gap between extensions, to
// force new segments), mappings from the host allocator, limits on both,
// and a record of what is mapped.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>

#include "trona/core/heap.h"

namespace heaptest {

class HostPageSource {
 public:
  explicit HostPageSource(std::size_t break_limit = std::size_t{16} << 20, std::size_t gap = 0)
      : limit_(break_limit), gap_(gap), arena_(static_cast<char*>(std::aligned_alloc(4096, break_limit))) {}
  ~HostPageSource() {
    for (auto& [addr, bytes] : mappings) std::free(addr);
    std::free(arena_);
  }
  HostPageSource(const HostPageSource&) = delete;
  HostPageSource& operator=(const HostPageSource&) = delete;

  trona::PageSource source() { return trona::PageSource{this, &extend, &map, &unmap}; }

  std::size_t map_limit = std::size_t{64} << 20;  // total bytes mapped at once
  std::size_t mapped_bytes = 0;
  std::size_t extend_calls = 0;
  std::size_t unmap_calls = 0;
  std::map<void*, std::size_t> mappings;  // live ones

  std::size_t break_used() const { return used_; }

 private:
  static void* extend(void* self_ptr, std::size_t bytes) {
    auto* self = static_cast<HostPageSource*>(self_ptr);
    ++self->extend_calls;
    std::size_t at = self->used_ == 0 ? 0 : self->used_ + self->gap_;
    if (at + bytes > self->limit_) return nullptr;
    self->used_ = at + bytes;
    std::memset(self->arena_ + at, 0xA5, bytes);  // garbage, as reused memory would be
    return self->arena_ + at;
  }
  static void* map(void* self_ptr, std::size_t bytes) {
    auto* self = static_cast<HostPageSource*>(self_ptr);
    if (self->mapped_bytes + bytes > self->map_limit) return nullptr;
    void* p = std::aligned_alloc(4096, bytes);
    std::memset(p, 0, bytes);  // mmap memory is zero
    self->mappings[p] = bytes;
    self->mapped_bytes += bytes;
    return p;
  }
  static void unmap(void* self_ptr, void* addr, std::size_t bytes) {
    auto* self = static_cast<HostPageSource*>(self_ptr);
    auto it = self->mappings.find(addr);
    if (it == self->mappings.end() || it->second != bytes) std::abort();  // the heap gave back something wrong
    self->mappings.erase(it);
    self->mapped_bytes -= bytes;
    ++self->unmap_calls;
    std::free(addr);
  }

  std::size_t limit_;
  std::size_t gap_;
  char* arena_;
  std::size_t used_ = 0;
};

}  // namespace heaptest
