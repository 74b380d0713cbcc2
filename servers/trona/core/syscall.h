// trona/core/syscall.h — the trona syscall interface: the only way from a server
// (or any program under servers/) to the kernel. Era-B syscalls 0-28
// (kernel-abi.md §2.1) as inline functions over the backend hook
// (trona/core/backend.h), in the register convention
//   number; arg0 = cap; arg1 = msginfo (or invoke label);
//   args 2..5 = MR0..MR3 (or invoke a0..a3); out: error, value.
// MR4.. of a send are taken from the IPC buffer msg[6..]; a receive writes
// the whole message into the IPC buffer (ipc_buffer()). Argument placement
// for syscalls the digest leaves open is documented in
// servers/uapi/README.md ("Wire formats not given by the digest").
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "trona/core/backend.h"
#include "uapi/kernel_abi.h"

namespace trona {

using uapi::IpcBuffer;

// The calling thread's IPC buffer.
inline IpcBuffer* ipc_buffer() { return trona_backend_ipc_buffer(); }

inline SysResult syscall(uint64_t number, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0,
                         uint64_t a4 = 0, uint64_t a5 = 0) {
  return backend::raw_syscall(number, a0, a1, a2, a3, a4, a5);
}

// --- IPC (MR0..MR3 in registers) --------------------------------------------

inline SysResult send(uint64_t cap, uint64_t info, uint64_t mr0 = 0, uint64_t mr1 = 0, uint64_t mr2 = 0,
                      uint64_t mr3 = 0) {
  return syscall(uapi::kSYS_SEND, cap, info, mr0, mr1, mr2, mr3);
}
// value = badge; the message is in ipc_buffer().
inline SysResult recv(uint64_t cap) { return syscall(uapi::kSYS_RECV, cap); }
// Send and wait for the reply; the reply is in ipc_buffer() (status in msg[0]).
inline SysResult call(uint64_t cap, uint64_t info, uint64_t mr0 = 0, uint64_t mr1 = 0, uint64_t mr2 = 0,
                      uint64_t mr3 = 0) {
  return syscall(uapi::kSYS_CALL, cap, info, mr0, mr1, mr2, mr3);
}
// Reply to the implicit caller, then receive on `cap`; value = badge.
inline SysResult reply_recv(uint64_t cap, uint64_t info, uint64_t mr0 = 0, uint64_t mr1 = 0, uint64_t mr2 = 0,
                            uint64_t mr3 = 0) {
  return syscall(uapi::kSYS_REPLY_RECV, cap, info, mr0, mr1, mr2, mr3);
}
inline SysResult nbsend(uint64_t cap, uint64_t info, uint64_t mr0 = 0, uint64_t mr1 = 0, uint64_t mr2 = 0,
                        uint64_t mr3 = 0) {
  return syscall(uapi::kSYS_NBSEND, cap, info, mr0, mr1, mr2, mr3);
}
// Timeout taken from ipc_buffer()->timeout_ns; timeout -> TRONA_CANCELLED.
inline SysResult send_timed(uint64_t cap, uint64_t info, uint64_t mr0 = 0, uint64_t mr1 = 0, uint64_t mr2 = 0,
                            uint64_t mr3 = 0) {
  return syscall(uapi::kSYS_SEND_TIMED, cap, info, mr0, mr1, mr2, mr3);
}
inline SysResult recv_timed(uint64_t cap, uint64_t timeout_ns) {
  return syscall(uapi::kSYS_RECV_TIMED, cap, timeout_ns);
}
// Endpoint slots in ipc_buffer()->reserved[0..count); value = index of the
// endpoint that fired or kRecvAnyNotification; badge in ipc_buffer()->badge.
inline SysResult recv_any(uint64_t count) { return syscall(uapi::kSYS_RECV_ANY, count); }
inline SysResult reply_recv_any(uint64_t count, uint64_t info, uint64_t mr0 = 0, uint64_t mr1 = 0,
                                uint64_t mr2 = 0, uint64_t mr3 = 0) {
  return syscall(uapi::kSYS_REPLY_RECV_ANY, count, info, mr0, mr1, mr2, mr3);
}
inline SysResult recv_any_timed(uint64_t count, uint64_t timeout_ns) {
  return syscall(uapi::kSYS_RECV_ANY_TIMED, count, timeout_ns);
}
// Timeout taken from ipc_buffer()->timeout_ns.
inline SysResult reply_recv_any_timed(uint64_t count, uint64_t info, uint64_t mr0 = 0, uint64_t mr1 = 0,
                                      uint64_t mr2 = 0, uint64_t mr3 = 0) {
  return syscall(uapi::kSYS_REPLY_RECV_ANY_TIMED, count, info, mr0, mr1, mr2, mr3);
}

// --- notifications ------------------------------------------------------------

// ORs (badge of cap | bits) into the notification word.
inline SysResult signal(uint64_t cap, uint64_t bits = 0) { return syscall(uapi::kSYS_SIGNAL, cap, bits); }
// Blocks until the word is non-zero; value = word (cleared).
inline SysResult wait(uint64_t cap) { return syscall(uapi::kSYS_WAIT, cap); }
// Non-blocking wait: word == 0 -> TRONA_WOULD_BLOCK.
inline SysResult poll(uint64_t cap) { return syscall(uapi::kSYS_POLL, cap); }
// Restores the context saved in a notification frame; returns INTERRUPTED.
inline SysResult notif_return(const void* frame) {
  return syscall(uapi::kSYS_NOTIF_RETURN, reinterpret_cast<uint64_t>(frame));
}

// --- capabilities -------------------------------------------------------------

inline SysResult invoke(uint64_t cap, uint64_t label, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0,
                        uint64_t a3 = 0) {
  return syscall(uapi::kSYS_INVOKE, cap, label, a0, a1, a2, a3);
}
// One-shot CNode depth hints for the next invoke (each <= 64).
inline SysResult set_invoke_depths(uint64_t depth0, uint64_t depth1) {
  return syscall(uapi::kSYS_SET_INVOKE_DEPTHS, depth0, depth1);
}

// --- threads, time, misc ------------------------------------------------------

inline SysResult yield() { return syscall(uapi::kSYS_YIELD); }
// value = nanoseconds of clock kClockRealtime / kClockMonotonic.
inline SysResult clock_gettime(uint64_t clock_id) { return syscall(uapi::kSYS_CLOCK_GETTIME, clock_id); }
inline SysResult nanosleep(uint64_t ns) { return syscall(uapi::kSYS_NANOSLEEP, ns); }
// op kFutexWait / kFutexWake (value = woken) / kFutexWaitTimeout.
inline SysResult futex(const volatile uint32_t* addr, uint64_t op, uint64_t val, uint64_t timeout_ns = 0) {
  return syscall(uapi::kSYS_FUTEX, reinterpret_cast<uint64_t>(addr), op, val, timeout_ns);
}
// value = 64 random bits.
inline SysResult getrandom() { return syscall(uapi::kSYS_GETRANDOM); }
inline SysResult shutdown() { return syscall(uapi::kSYS_SHUTDOWN); }

[[noreturn]] inline void thread_exit() {
  for (;;) syscall(uapi::kSYS_THREAD_EXIT);
}

// --- debug console ------------------------------------------------------------

inline SysResult debug_putchar(char c) {
  return syscall(uapi::kSYS_DEBUG_PUTCHAR, static_cast<unsigned char>(c));
}
inline SysResult debug_putstr(const char* s, size_t len) {
  return syscall(uapi::kSYS_DEBUG_PUTSTR, reinterpret_cast<uint64_t>(s), len);
}
template <size_t N>
inline SysResult debug_putstr(const char (&literal)[N]) {
  return debug_putstr(literal, N - 1);
}
inline SysResult debug_putbuf(const void* buf, size_t len) {
  return syscall(uapi::kSYS_DEBUG_PUTBUF, reinterpret_cast<uint64_t>(buf), len);
}
inline SysResult debug_dump_state() { return syscall(uapi::kSYS_DEBUG_DUMP_STATE); }
inline SysResult debug_console_control(uint64_t op, uint64_t arg = 0) {
  return syscall(uapi::kSYS_DEBUG_CONSOLE_CONTROL, op, arg);
}

}  // namespace trona
