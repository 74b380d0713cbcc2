// trona/core/memory.h — copies between a buffer of the program and memory
// of its address space named by a virtual address (an SHM window, a mapped
// frame): what a server does when it touches memory mmsrv mapped for it.
//
//   uint64_t va = ...;                      // MM_SHM_MAP's answer
//   trona::copy_to_va(va, data, n);
//   trona::copy_from_va(buf, va, n);
//
// Target backend: the address is the memory; a plain copy. Simulator
// backend: host code cannot dereference simulated addresses, so the copy
// goes through the kernel model's view of the calling thread's address
// space (sim/host/trona_backend/sim_backend.cpp) — an unmapped page faults
// to the process's pager exactly as a user access would (and an address
// nobody can resolve ends the process, as on the real kernel).
#pragma once

#include <stddef.h>
#include <stdint.h>

#if !defined(TRONA_BACKEND_TARGET)
extern "C" void trona_backend_copy_va(uint64_t va, void* buf, size_t n, bool to_va);
#endif

namespace trona {

inline void copy_from_va(void* dst, uint64_t va, size_t n) {
#if defined(TRONA_BACKEND_TARGET)
  __builtin_memcpy(dst, reinterpret_cast<const void*>(va), n);
#else
  trona_backend_copy_va(va, dst, n, false);
#endif
}

inline void copy_to_va(uint64_t va, const void* src, size_t n) {
#if defined(TRONA_BACKEND_TARGET)
  __builtin_memcpy(reinterpret_cast<void*>(va), src, n);
#else
  trona_backend_copy_va(va, const_cast<void*>(src), n, true);
#endif
}

}  // namespace trona
