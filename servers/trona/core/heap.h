// trona/core/heap.h — the heap: malloc/free/calloc/realloc/aligned allocation
// over pages from a page source.
//
//   void* p = trona::malloc(100);           // the process's heap
//   p = trona::realloc(p, 4000);
//   trona::free(p);
//
// Two layers:
//   - trona::Heap, the allocator over a PageSource (a contiguous break it
//     extends, like sbrk, and separate mappings, like mmap/munmap). Blocks
//     below kHeapMapThreshold come from the break: boundary-tagged chunks,
//     size-class free lists, first fit, split on allocation, coalesced with
//     both neighbours on free. Larger blocks get a mapping of their own,
//     given back on free. A zero-initialised Heap is valid and empty.
//   - the process's heap (trona::malloc, ...): a Heap in process_local
//     storage. On the target its page source is mmsrv (MM_SBRK for the
//     break, MM_MMAP/MM_MUNMAP for large blocks), installed on first use.
//     In the simulator the default source makes the same mmsrv calls (the
//     address ranges and the quota charge are real) and takes host bytes
//     for those ranges from the backend (trona/core/heap_backend.h); a
//     program (a test) may install its own with set_heap_page_source.
//     Without mmsrv every allocation fails with ENOMEM.
// Failures return nullptr; the process-wide functions set errno (ENOMEM,
// EINVAL for a bad alignment). Freestanding: no STL, no host headers.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace trona {

inline constexpr size_t kHeapPageSize = 4096;
// Blocks of at least this many bytes get their own mapping.
inline constexpr size_t kHeapMapThreshold = 128 * 1024;
// The break grows by at least this much at a time (fewer MM_SBRK calls).
inline constexpr size_t kHeapMinExtend = 64 * 1024;
// Every block is aligned to this (max_align_t on x86-64).
inline constexpr size_t kHeapAlign = 16;

// Where a heap's memory comes from. Sizes are page multiples.
struct PageSource {
  void* context;
  // Moves the break up by `bytes`; returns the old break (the start of the
  // new bytes) or nullptr when refused. Consecutive calls normally return
  // adjacent memory; when they do not, the heap starts a new segment.
  void* (*extend)(void* context, size_t bytes);
  // A separate mapping of `bytes` (page aligned) or nullptr.
  void* (*map)(void* context, size_t bytes);
  // Gives back a mapping `map` returned, whole.
  void (*unmap)(void* context, void* addr, size_t bytes);
};

struct HeapStats {
  size_t in_use_blocks;
  size_t in_use_bytes;   // usable bytes of the live blocks
  size_t break_bytes;    // bytes taken from the break (never given back)
  size_t mapped_blocks;  // live blocks in their own mapping
  size_t mapped_bytes;
  size_t free_chunks;  // chunks on the free lists
};

class Heap {
 public:
  // Trivial and zero-initialisable on purpose (process_local): a zeroed
  // Heap has no page source and fails every allocation.
  void init(const PageSource& source);

  void* allocate(size_t size);
  // `alignment` a power of two; else nullptr.
  void* allocate_aligned(size_t alignment, size_t size);
  // count * size zeroed bytes; nullptr on overflow.
  void* allocate_zeroed(size_t count, size_t size);
  // realloc: nullptr p -> allocate; size 0 -> release and nullptr; the
  // first min(old, new) bytes are kept; on failure p is left untouched.
  void* reallocate(void* p, size_t size);
  void release(void* p);  // nullptr is ignored

  size_t usable_size(const void* p) const;
  HeapStats stats() const;
  // Walks every segment and free list: sizes, boundary tags, flags, no two
  // free neighbours, every free chunk listed once in its class. For tests.
  bool consistent() const;

  static constexpr size_t kClasses = 24;
  struct Chunk;

 private:
  Chunk* take_free(size_t need);
  Chunk* grow(size_t need);
  Chunk* obtain(size_t need);  // a free chunk of >= need bytes, marked in use
  void* finish(Chunk* c, size_t need);
  void* allocate_mapped(size_t alignment, size_t size);
  void split(Chunk* c, size_t need);
  void free_chunk(Chunk* c);
  void link(Chunk* c);
  void unlink(Chunk* c);

  PageSource source_;
  Chunk* classes_[kClasses];  // free lists by size class
  Chunk* sentinel_;           // end marker of the newest segment
  HeapStats stats_;
};

// --- the process's heap ---------------------------------------------------

// Replaces the process heap's page source (before its first allocation;
// blocks already handed out would be lost otherwise).
void set_heap_page_source(const PageSource& source);
// The page source over mmsrv (MM_SBRK / MM_MMAP / MM_MUNMAP on
// SLOT_MMSRV_EP); the target's default.
PageSource mmsrv_page_source();

void* malloc(size_t size);
void free(void* p);
void* calloc(size_t count, size_t size);
void* realloc(void* p, size_t size);
// C11 aligned_alloc: alignment a power of two (EINVAL otherwise).
void* aligned_alloc(size_t alignment, size_t size);
// POSIX: returns 0 or EINVAL/ENOMEM, does not set errno.
int posix_memalign(void** out, size_t alignment, size_t size);
HeapStats heap_stats();

}  // namespace trona
