// lib/arena.h — Arena: a first-fit free-list allocator over a caller-owned
// byte range (until servers get the real heap). Blocks are 16-byte aligned;
// free() coalesces with neighbours. Freestanding; allocate() returns
// nullptr when no block fits.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace lib {

class Arena {
 public:
  static constexpr size_t kAlign = 16;

  // The arena manages [base, base + size) (trimmed to kAlign).
  Arena(void* base, size_t size);

  void* allocate(size_t bytes);
  // p must come from allocate() of this arena (or be nullptr).
  void free(void* p);

  size_t bytes_free() const;
  size_t bytes_total() const { return total_; }

 private:
  struct Block {
    size_t size;  // whole block, header included
    Block* next;  // next free block (address order)
  };
  static constexpr size_t kHeader = (sizeof(Block) + kAlign - 1) / kAlign * kAlign;

  Block* free_ = nullptr;
  size_t total_ = 0;
};

}  // namespace lib
