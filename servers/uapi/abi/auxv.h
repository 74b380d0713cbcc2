// uapi/abi/auxv.h — §1.5 auxv keys of a spawned process's initial stack.
//
// Freestanding: only <stdint.h>. Names that are libc/Linux macros on a
// host (AT_PHDR, ...) carry a `k` prefix.
#pragma once

#include <stdint.h>

#include "uapi/abi/x_macro.h"

#define UAPI_AUXV_TRONA(X)                 \
  X(AT_TRONA_UNTYPED, 0x1000)              \
  X(AT_TRONA_VSPACE, 0x1001)               \
  X(AT_TRONA_SCRATCH, 0x1002)              \
  X(AT_TRONA_INITRD_VA, 0x1003)            \
  X(AT_TRONA_INITRD_SIZE, 0x1004)          \
  X(AT_TRONA_FRAME_SLOT, 0x1005)           \
  X(AT_TRONA_SHLIB_BASE, 0x1006)           \
  X(AT_TRONA_SLOT_BASE, 0x1007)            \
  X(AT_TRONA_SLOT_COUNT, 0x1008)           \
  X(AT_TRONA_CSPACE_EXPAND_EP, 0x1009)     \
  X(AT_TRONA_CSPACE_NTFN, 0x100A)          \
  X(AT_TRONA_MM_EP, 0x100B)                \
  X(AT_TRONA_IPC_BUFFER, 0x100C)           \
  X(AT_TRONA_SC_CAP, 0x100E)               \
  X(AT_PE_IMAGE_BASE, 0x2000)              \
  X(AT_PE_IMAGE_SIZE, 0x2001)              \
  X(AT_PE_WIN32SRV_EP, 0x2002)             \
  X(AT_PE_KERNEL32_BASE, 0x2003)           \
  X(AT_PE_KERNEL32_SIZE, 0x2004)

namespace uapi {

inline constexpr uint64_t kAT_NULL = 0;
inline constexpr uint64_t kAT_PHDR = 3;
inline constexpr uint64_t kAT_PHENT = 4;
inline constexpr uint64_t kAT_PHNUM = 5;
inline constexpr uint64_t kAT_PAGESZ = 6;
inline constexpr uint64_t kAT_BASE = 7;
inline constexpr uint64_t kAT_ENTRY = 9;

UAPI_AUXV_TRONA(UAPI_ABI_CONSTANT)

}  // namespace uapi
