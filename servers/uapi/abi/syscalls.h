// uapi/abi/syscalls.h — §2.1 syscall numbers and their argument values.
//
// Register convention (x86-64 `syscall`): rax = number in / error out,
// rdi = arg0 (cap), rsi = arg1 (msginfo or label), rdx = arg2 in / value
// out, r10, r8, r9 = args 3-5; rcx, r11 clobbered. For IPC syscalls
// MR0..MR3 travel in args 2-5.
//
// Freestanding: only <stdint.h>/<stddef.h>.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/abi/x_macro.h"

#define UAPI_SYSCALLS(X)            \
  X(SYS_SEND, 0)                    \
  X(SYS_RECV, 1)                    \
  X(SYS_CALL, 2)                    \
  X(SYS_REPLY_RECV, 3)              \
  X(SYS_NBSEND, 4)                  \
  X(SYS_SIGNAL, 5)                  \
  X(SYS_WAIT, 6)                    \
  X(SYS_POLL, 7)                    \
  X(SYS_YIELD, 8)                   \
  X(SYS_INVOKE, 9)                  \
  X(SYS_DEBUG_PUTCHAR, 10)          \
  X(SYS_DEBUG_DUMP_STATE, 11)       \
  X(SYS_CLOCK_GETTIME, 12)          \
  X(SYS_NANOSLEEP, 13)              \
  X(SYS_DEBUG_PUTSTR, 14)           \
  X(SYS_DEBUG_PUTBUF, 15)           \
  X(SYS_DEBUG_CONSOLE_CONTROL, 16)  \
  X(SYS_SET_INVOKE_DEPTHS, 17)      \
  X(SYS_FUTEX, 18)                  \
  X(SYS_GETRANDOM, 19)              \
  X(SYS_SHUTDOWN, 20)               \
  X(SYS_SEND_TIMED, 21)             \
  X(SYS_RECV_TIMED, 22)             \
  X(SYS_RECV_ANY, 23)               \
  X(SYS_REPLY_RECV_ANY, 24)         \
  X(SYS_RECV_ANY_TIMED, 25)         \
  X(SYS_REPLY_RECV_ANY_TIMED, 26)   \
  X(SYS_NOTIF_RETURN, 27)           \
  X(SYS_THREAD_EXIT, 28)

namespace uapi {

// kSYS_SEND, ...: <linux/net.h> defines SYS_SEND/SYS_RECV/SYS_SHUTDOWN.
UAPI_SYSCALLS(UAPI_ABI_K_CONSTANT)
inline constexpr uint64_t kSYS_SIGRETURN = kSYS_NOTIF_RETURN;  // earlier name
inline constexpr uint64_t kSyscallCount = 0 UAPI_SYSCALLS(UAPI_ABI_COUNT);

// SYS_CLOCK_GETTIME clock ids; SYS_FUTEX ops.
inline constexpr uint64_t kClockRealtime = 0;
inline constexpr uint64_t kClockMonotonic = 1;
inline constexpr uint64_t kFutexWait = 0;
inline constexpr uint64_t kFutexWake = 1;
inline constexpr uint64_t kFutexWaitTimeout = 2;
// SYS_RECV_ANY value when the bound notification fired.
inline constexpr uint64_t kRecvAnyNotification = ~uint64_t{0};
// SYS_NBSEND per-endpoint queue depth; SYS_SET_INVOKE_DEPTHS maximum (also
// the most guard bits CNODE_SET_GUARD takes).
inline constexpr size_t kNbsendQueueDepth = 128;
inline constexpr uint64_t kMaxInvokeDepth = 64;

}  // namespace uapi
