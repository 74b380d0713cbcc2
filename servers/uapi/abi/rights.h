// uapi/abi/rights.h — §2.6 rights (32-bit mask) and the derivation limit.
//
// Freestanding: only <stdint.h>.
#pragma once

#include <stdint.h>

#include "uapi/abi/x_macro.h"

#define UAPI_RIGHTS(X)         \
  X(RIGHT_READ, 1u << 0)       \
  X(RIGHT_WRITE, 1u << 1)      \
  X(RIGHT_EXECUTE, 1u << 2)    \
  X(RIGHT_GRANT, 1u << 3)      \
  X(RIGHT_REVOKE, 1u << 4)     \
  X(RIGHT_SEND, 1u << 5)       \
  X(RIGHT_RECV, 1u << 6)       \
  X(RIGHT_CALL, 1u << 7)       \
  X(RIGHT_REPLY, 1u << 8)      \
  X(RIGHT_CONFIGURE, 1u << 9)  \
  X(RIGHT_SUSPEND, 1u << 10)   \
  X(RIGHT_RESUME, 1u << 11)    \
  X(RIGHT_MAP, 1u << 12)       \
  X(RIGHT_UNMAP, 1u << 13)     \
  X(RIGHT_RETYPE, 1u << 14)

namespace uapi {

UAPI_RIGHTS(UAPI_ABI_CONSTANT)
inline constexpr uint64_t RIGHTS_ALL = 0xFFFFFFFF;
// What CNODE_MINT gives the new cap: everything except GRANT.
inline constexpr uint64_t RIGHTS_MINTED = RIGHTS_ALL & ~RIGHT_GRANT;
// How deep CNODE_COPY/MINT may derive a cap (OUT_OF_RANGE beyond).
inline constexpr unsigned kMaxDerivationDepth = 64;

}  // namespace uapi
