// uapi/abi/objects.h — §2.5 object types (UNTYPED_RETYPE a0) and sizes.
//
// Freestanding: only <stdint.h>/<stddef.h>.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/abi/x_macro.h"

#define UAPI_OBJECT_TYPES(X)   \
  X(OBJ_UNTYPED, 1)            \
  X(OBJ_ENDPOINT, 2)           \
  X(OBJ_NOTIFICATION, 3)       \
  X(OBJ_TCB, 4)                \
  X(OBJ_CNODE, 5)              \
  X(OBJ_VSPACE, 6)             \
  X(OBJ_FRAME, 7)              \
  X(OBJ_IRQ_HANDLER, 8)        \
  X(OBJ_IO_PORT, 9)            \
  X(OBJ_SCHED_CONTEXT, 10)     \
  X(OBJ_MEMORY_OBJECT, 11)

namespace uapi {

UAPI_OBJECT_TYPES(UAPI_ABI_CONSTANT)
// Type values are 1..count (0 is no object).
inline constexpr uint64_t kObjectTypeCount = 0 UAPI_OBJECT_TYPES(UAPI_ABI_COUNT);

inline constexpr unsigned kFrameSizeBits = 12;  // 4 KiB minimum frame
inline constexpr size_t kPageSize = 4096;
inline constexpr unsigned kCnodeMinSizeBits = 4;
inline constexpr unsigned kCnodeMaxSizeBits = 16;

}  // namespace uapi
