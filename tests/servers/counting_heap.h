// A lib::Allocator over the host heap that counts what is live, for the
// logic tests of servers that allocate (leaks show as blocks != 0).
#pragma once

#include <cstddef>
#include <cstdlib>

#include "lib/allocator.h"

struct CountingHeap {
  long blocks = 0;
  long bytes = 0;
  static void* allocate(void* ctx, size_t size, size_t align) {
    auto* h = static_cast<CountingHeap*>(ctx);
    void* p = std::aligned_alloc(align < 16 ? 16 : align, (size + 15) / 16 * 16);
    if (p) h->blocks++, h->bytes += static_cast<long>(size);
    return p;
  }
  static void release(void* ctx, void* p, size_t size) {
    auto* h = static_cast<CountingHeap*>(ctx);
    if (!p) return;
    h->blocks--, h->bytes -= static_cast<long>(size);
    std::free(p);
  }
  lib::Allocator allocator() { return lib::Allocator{this, &allocate, &release}; }
};
