// trona/core/heap_backend.h — the simulator backend's host bytes for the
// process heap (not on the target, where the heap uses its addresses).
//
// Host code cannot dereference simulated addresses, so in the simulator
// the heap still asks mmsrv for its address ranges (MM_SBRK / MM_MMAP:
// placement and quota charging as on the real kernel, released when the
// process ends) and then asks the backend for host bytes standing for
// them (sim/host/trona_backend/heap_bytes.cpp). They hang off the calling
// thread's kernel-model VSpace and die with it; they are NOT the bytes of
// the simulated frames at those addresses (a documented deviation), and a
// forked child does not inherit them (it starts a fresh heap).
#pragma once

#if !defined(TRONA_BACKEND_TARGET)

#include <stddef.h>
#include <stdint.h>

extern "C" {
// Creates the calling process's heap bytes; false when it already has them.
bool trona_backend_heap_attach();
// Whether the calling process has heap bytes (false in a forked child
// whose heap state was copied from its parent).
bool trona_backend_heap_attached();
// Host bytes for [va, va + bytes) of the break (consecutive ranges are
// adjacent), nullptr past the reservation.
void* trona_backend_heap_break(uint64_t va, size_t bytes);
// Host bytes for the mapping at `va`, and their release.
void* trona_backend_heap_map(uint64_t va, size_t bytes);
void trona_backend_heap_unmap(uint64_t va);
// The simulated address a host pointer from these stands for (unmap).
uint64_t trona_backend_heap_va(const void* host);
}

#endif
