// The process's heap (trona/core/heap.h): a Heap in process-local storage, and
// the mmsrv page source the target uses by default.
// It lives with the POSIX layer (above the clients): it is a client of
// mmsrv and reports ENOMEM through errno, like malloc.
#include "trona/core/heap.h"
#include "trona/core/heap_backend.h"
#include "trona/clients/mmsrv_client.h"
#include "trona/posix/errno.h"
#include "trona/core/process_local.h"
#include "uapi/linux_numbers.h"

namespace trona {

namespace {

struct ProcessHeap {
  Heap heap;
  bool has_source;
  bool default_source;  // the backend's own (not set_heap_page_source's)
};

#if !defined(TRONA_BACKEND_TARGET)
PageSource sim_page_source();
#endif

Heap& process_heap() {
  ProcessHeap& h = process_local<ProcessHeap>();
#if defined(TRONA_BACKEND_TARGET)
  if (!h.has_source) {
    h.heap.init(mmsrv_page_source());
    h.has_source = true;
  }
#else
  // A forked child inherits a copy of this state, pointing into its
  // parent's host bytes: it starts over (heap_backend.h).
  if (!h.has_source || (h.default_source && !trona_backend_heap_attached())) {
    trona_backend_heap_attach();
    h.heap.init(sim_page_source());
    h.has_source = true;
    h.default_source = true;
  }
#endif
  return h.heap;
}

void* out_of_memory_if_null(void* p) {
  if (!p) posix::errno_ref() = uapi::kENOMEM;
  return p;
}

void* mm_extend(void*, size_t bytes) {
  uint64_t previous = 0;
  if (MmsrvClient().sbrk(static_cast<int64_t>(bytes), &previous) != 0) return nullptr;
  return reinterpret_cast<void*>(previous);
}

void* mm_map(void*, size_t bytes) {
  uint64_t va = 0;
  int e = MmsrvClient().mmap(0, bytes, uapi::kPROT_READ | uapi::kPROT_WRITE, uapi::kMAP_PRIVATE | uapi::kMAP_ANONYMOUS,
                             &va);
  return e == 0 ? reinterpret_cast<void*>(va) : nullptr;
}

void mm_unmap(void*, void* addr, size_t bytes) { MmsrvClient().munmap(reinterpret_cast<uint64_t>(addr), bytes); }

}  // namespace

PageSource mmsrv_page_source() { return PageSource{nullptr, mm_extend, mm_map, mm_unmap}; }

#if !defined(TRONA_BACKEND_TARGET)
namespace {

// The same mmsrv calls as the target, then host bytes for the range.
void* sim_extend(void* ctx, size_t bytes) {
  void* va = mm_extend(ctx, bytes);
  return va ? trona_backend_heap_break(reinterpret_cast<uint64_t>(va), bytes) : nullptr;
}

void* sim_map(void* ctx, size_t bytes) {
  void* va = mm_map(ctx, bytes);
  if (!va) return nullptr;
  void* host = trona_backend_heap_map(reinterpret_cast<uint64_t>(va), bytes);
  if (!host) mm_unmap(ctx, va, bytes);
  return host;
}

void sim_unmap(void* ctx, void* host, size_t bytes) {
  const uint64_t va = trona_backend_heap_va(host);
  if (va == 0) return;
  trona_backend_heap_unmap(va);
  mm_unmap(ctx, reinterpret_cast<void*>(va), bytes);
}

PageSource sim_page_source() { return PageSource{nullptr, sim_extend, sim_map, sim_unmap}; }

}  // namespace
#endif

void set_heap_page_source(const PageSource& source) {
  ProcessHeap& h = process_local<ProcessHeap>();
  h.heap.init(source);
  h.has_source = true;
  h.default_source = false;
}

void* malloc(size_t size) { return out_of_memory_if_null(process_heap().allocate(size)); }

void free(void* p) { process_heap().release(p); }

void* calloc(size_t count, size_t size) { return out_of_memory_if_null(process_heap().allocate_zeroed(count, size)); }

void* realloc(void* p, size_t size) {
  if (p && size == 0) {  // freed; nullptr is not a failure here
    process_heap().release(p);
    return nullptr;
  }
  return out_of_memory_if_null(process_heap().reallocate(p, size));
}

void* aligned_alloc(size_t alignment, size_t size) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    posix::errno_ref() = uapi::kEINVAL;
    return nullptr;
  }
  return out_of_memory_if_null(process_heap().allocate_aligned(alignment, size));
}

int posix_memalign(void** out, size_t alignment, size_t size) {
  if (alignment < sizeof(void*) || (alignment & (alignment - 1)) != 0) return uapi::kEINVAL;
  void* p = process_heap().allocate_aligned(alignment, size);
  if (!p) return uapi::kENOMEM;
  *out = p;
  return 0;
}

HeapStats heap_stats() { return process_heap().stats(); }

}  // namespace trona
