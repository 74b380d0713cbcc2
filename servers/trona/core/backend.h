// trona/core/backend.h — the hook between the trona syscall interface and a
// backend. Servers include trona/core/syscall.h, never this file directly.
//
// A backend supplies two things:
//   raw_syscall(number, a0..a5) -> {error, value}: one system call in the
//       era-B register convention (kernel-abi.md §2.1);
//   trona_backend_ipc_buffer(): the calling thread's IPC buffer.
//
// Target backend (TRONA_BACKEND_TARGET defined; servers/trona/backend_target):
//   raw_syscall is an inline `syscall` instruction, the IPC buffer comes from
//   the AT_TRONA_IPC_BUFFER auxv entry read by the start file.
// Simulator backend (default; lives with the simulator, binds kernel_model):
//   defines extern "C" trona_backend_syscall and trona_backend_ipc_buffer.
#pragma once

#include <stdint.h>

#include "uapi/kernel_abi.h"

namespace trona {

// Result of every system call: `error` is a TRONA_* code (the rax/x0 out
// register), `value` the second out register (badge, source index, clock
// value, word count, ...).
struct SysResult {
  uint64_t error;
  uint64_t value;

  constexpr bool ok() const { return error == uapi::TRONA_OK; }
};

}  // namespace trona

extern "C" uapi::IpcBuffer* trona_backend_ipc_buffer();

#if defined(TRONA_BACKEND_TARGET)
#include "trona/core/backend_target/raw_syscall.h"
#else
extern "C" trona::SysResult trona_backend_syscall(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2,
                                                  uint64_t a3, uint64_t a4, uint64_t a5);

namespace trona::backend {
inline SysResult raw_syscall(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                             uint64_t a5) {
  return trona_backend_syscall(number, a0, a1, a2, a3, a4, a5);
}
}  // namespace trona::backend
#endif
