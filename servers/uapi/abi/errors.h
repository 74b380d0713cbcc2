// uapi/abi/errors.h — §2.8 error codes (SyscallError = trona TRONA_*).
//
// Kernel codes travel in the syscall error register; servers put codes of
// the same space in the reply label. Kernel 24-26 and userland 24-26 clash
// on purpose: they live on different channels.
//
// Freestanding: only <stdint.h>.
#pragma once

#include <stdint.h>

#include "uapi/abi/x_macro.h"

// The kernel's codes by their bare names: E(X, name, value). The kernel
// model spells them so (kmodel::abi::INVALID_CAPABILITY); everything else
// uses UAPI_KERNEL_ERRORS, the same list as TRONA_<name>.
#define UAPI_KERNEL_ERROR_CODES(E, X) \
  E(X, OK, 0)                         \
  E(X, INVALID_CAPABILITY, 1)         \
  E(X, INVALID_OPERATION, 2)          \
  E(X, INSUFFICIENT_RIGHTS, 3)        \
  E(X, INVALID_ARGUMENT, 4)           \
  E(X, OUT_OF_MEMORY, 5)              \
  E(X, NOT_FOUND, 6)                  \
  E(X, BUSY, 7)                       \
  E(X, ALREADY_EXISTS, 8)             \
  E(X, WOULD_BLOCK, 9)                \
  E(X, BAD_ADDRESS, 10)               \
  E(X, OUT_OF_RANGE, 11)              \
  E(X, CANCELLED, 12)                 \
  E(X, RESTART, 13)                   \
  E(X, DEADLOCK, 14)                  \
  E(X, INTERRUPTED, 15)               \
  E(X, IN_PROGRESS, 0x10)             \
  E(X, SLOT_OCCUPIED, 0x18)           \
  E(X, ALREADY_MAPPED, 0x19)          \
  E(X, ALREADY_BOUND, 0x1A)

// X(TRONA_<name>, value) for each kernel code.
#define UAPI_DETAIL_TRONA_ERROR(X, name, value) X(TRONA_##name, value)
#define UAPI_KERNEL_ERRORS(X) UAPI_KERNEL_ERROR_CODES(UAPI_DETAIL_TRONA_ERROR, X)

// Server-level (userland) status codes carried in reply labels.
#define UAPI_SERVER_STATUS(X)          \
  X(TRONA_CONN_REFUSED, 21)            \
  X(TRONA_TIMED_OUT, 22)               \
  X(TRONA_DNS_NXDOMAIN, 23)            \
  X(TRONA_DNS_SERVER_FAIL, 24)         \
  X(TRONA_PROTO_NOT_SUPPORTED, 25)     \
  X(TRONA_HOST_UNREACHABLE, 26)        \
  X(TRONA_NET_UNREACHABLE, 27)         \
  X(TRONA_NO_BUFS, 28)                 \
  X(TRONA_CONN_RESET, 29)              \
  X(TRONA_NOT_CONNECTED, 30)           \
  X(TRONA_IS_CONNECTED, 31)            \
  X(TRONA_ADDR_IN_USE, 32)             \
  X(TRONA_STALE, 33)                   \
  X(TRONA_PENDING, 0x80)  /* userland only; never produced by the kernel */

namespace uapi {

UAPI_KERNEL_ERRORS(UAPI_ABI_CONSTANT)
UAPI_SERVER_STATUS(UAPI_ABI_CONSTANT)

}  // namespace uapi
