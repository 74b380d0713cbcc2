// rsrcsrv/kernel_ops.h — the kernel operations rsrcsrv's accounting needs,
// as an interface: the real server implements them with UNTYPED_RETYPE /
// UNTYPED_RESET / CNODE_REVOKE / CNODE_DELETE invocations on its own
// CSpace (rsrcsrv/main.cpp), tests with a fake. Every call returns a
// TRONA_* code. The defaults refuse (no pure virtuals: the freestanding
// target has no __cxa_pure_virtual).
#pragma once

#include <stdint.h>

#include "uapi/kernel_abi.h"

namespace rsrcsrv {

class KernelOps {
 public:
  // One object of `type`/`size_bits` from the untyped in `untyped_slot`
  // into the empty `dest_slot`.
  virtual uint64_t retype(uint64_t untyped_slot, uint64_t type, uint64_t size_bits, uint64_t dest_slot) {
    (void)untyped_slot, (void)type, (void)size_bits, (void)dest_slot;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // Watermark back to 0 (no live children left).
  virtual uint64_t reset(uint64_t untyped_slot) {
    (void)untyped_slot;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // Delete every CDT descendant of the cap in `slot` (the copies handed out).
  virtual uint64_t revoke(uint64_t slot) {
    (void)slot;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // Delete the cap in `slot` (the last reference destroys the object).
  virtual uint64_t remove(uint64_t slot) {
    (void)slot;
    return uapi::TRONA_INVALID_OPERATION;
  }

 protected:
  ~KernelOps() = default;
};

}  // namespace rsrcsrv
