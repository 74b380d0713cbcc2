// trona/core/process_local.h — storage private to the calling process.
//
//   struct SignalTable { uint64_t handler[64]; };
//   trona::process_local<SignalTable>().handler[sig] = ...;
//
// One zero-initialised instance per process and per type T, shared by the
// threads of that process. T must be trivially default-constructible and
// trivially destructible: the storage starts as zero bytes and is dropped
// without running destructors.
//
// Target backend (TRONA_BACKEND_TARGET): one address space is one process,
// so a static zeroed object per T is exactly that (constant-initialised:
// no guard variable, no constructor call).
// Simulator backend: every simulated process shares the host's globals, so
// the bytes live with the calling thread's kernel-model VSpace (the
// address space that defines "process"): threads of one process share
// them, another process — and a process after exec, which gets a new
// VSpace — starts from zero, and they are freed with the VSpace
// (sim/host/trona_backend/process_local.cpp). Calling it outside a simulated
// thread is a host error (std::logic_error, like a trona syscall there).
#pragma once

#include <stddef.h>

namespace trona::detail {

// One distinct address per T (an inline variable has one definition
// program-wide), used as the simulator backend's key.
template <class T>
inline const char process_local_key = 0;

inline constexpr size_t kProcessLocalMaxAlign = 16;

}  // namespace trona::detail

#if defined(TRONA_BACKEND_TARGET)

namespace trona::detail {
template <class T>
inline T process_local_instance{};
}  // namespace trona::detail

namespace trona {
template <class T>
inline T& process_local() {
  static_assert(__is_trivially_constructible(T) && __has_trivial_destructor(T));
  return detail::process_local_instance<T>;
}
}  // namespace trona

#else

// `size` zeroed bytes aligned to kProcessLocalMaxAlign, one block per
// (calling process, key); the same key must always come with the same size.
extern "C" void* trona_backend_process_local(const void* key, size_t size);

namespace trona {
template <class T>
inline T& process_local() {
  static_assert(__is_trivially_constructible(T) && __has_trivial_destructor(T));
  static_assert(alignof(T) <= detail::kProcessLocalMaxAlign);
  return *static_cast<T*>(trona_backend_process_local(&detail::process_local_key<T>, sizeof(T)));
}
}  // namespace trona

#endif
