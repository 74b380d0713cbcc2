// mmsrv/ops.h — the kernel work mmsrv's memory policy orders (Ops). The
// policy (memory.h and the files by job) names frames by their index in
// mmsrv's frame table and clients by their index in its client table;
// where their caps live in mmsrv's CSpace is the implementation's business
// (trona_ops.h: TronaOps, trona invocations on mmsrv's own CSpace). Tests
// supply another implementation (tests/servers/mmsrv/mmsrv_policy_test.cpp).
//
// Every call returns a TRONA_* status. The defaults refuse (no pure
// virtuals: the freestanding target has no __cxa_pure_virtual), as in
// procmgr's Ops (procmgr/state.h). Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/kernel_abi.h"

namespace mmsrv {

class Ops {
 public:
  // Boot: the zero page (a never-written frame mapped read-only in mmsrv's
  // own address space): what a reused frame is zeroed from.
  virtual uint64_t make_zero_page() { return uapi::TRONA_INVALID_OPERATION; }

  // Frames. A new frame `f` from mmsrv's untypeds (OUT_OF_MEMORY when none
  // has room); zeroes frame `f` (a reused one) from the zero page.
  virtual uint64_t retype_frame(uint16_t f) {
    (void)f;
    return uapi::TRONA_INVALID_OPERATION;
  }
  virtual uint64_t zero_frame(uint16_t f) {
    (void)f;
    return uapi::TRONA_INVALID_OPERATION;
  }

  // Client VSpaces. Keeps the VSpace cap that arrived in mmsrv's
  // `from_slot` as client `c`'s (whatever was kept for `c` is deleted
  // first); deletes client `c`'s VSpace cap.
  virtual uint64_t adopt_vspace(int c, uint64_t from_slot) {
    (void)c, (void)from_slot;
    return uapi::TRONA_INVALID_OPERATION;
  }
  virtual void drop_vspace(int c) { (void)c; }

  // Pages of client `c` (VSPACE_* flags).
  virtual uint64_t map_page(int c, uint64_t va, uint16_t f, uint64_t flags) {
    (void)c, (void)va, (void)f, (void)flags;
    return uapi::TRONA_INVALID_OPERATION;
  }
  virtual uint64_t unmap_page(int c, uint64_t va) {
    (void)c, (void)va;
    return uapi::TRONA_INVALID_OPERATION;
  }
  virtual uint64_t protect_page(int c, uint64_t va, uint64_t flags) {
    (void)c, (void)va, (void)flags;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // Copy-on-write: client `from`'s page at `va` shared read-only with
  // client `to` at the same address (VSPACE_CLONE_COW_PAGE); a COW page of
  // `c` at `va` made writable on frame `f` (VSPACE_COW_RESOLVE: the kernel
  // copies into `f` unless it is the page's own frame).
  virtual uint64_t clone_cow(int from, uint64_t va, int to) {
    (void)from, (void)va, (void)to;
    return uapi::TRONA_INVALID_OPERATION;
  }
  virtual uint64_t cow_resolve(int c, uint64_t va, uint16_t f, uint64_t flags) {
    (void)c, (void)va, (void)f, (void)flags;
    return uapi::TRONA_INVALID_OPERATION;
  }
  // The page of client `src` at `src_va` copied into frame `f` (VSPACE_COPY_PAGE).
  virtual uint64_t copy_page(int src, uint64_t src_va, uint16_t f) {
    (void)src, (void)src_va, (void)f;
    return uapi::TRONA_INVALID_OPERATION;
  }

  // The fault observer (MM_REGISTER_PAGER_EP kind 0): keeps the cap that
  // arrived in `from_slot` (the previous one is deleted); signals it.
  virtual uint64_t adopt_observer(uint64_t from_slot) {
    (void)from_slot;
    return uapi::TRONA_INVALID_OPERATION;
  }
  virtual void signal_observer() {}

 protected:
  ~Ops() = default;
};

}  // namespace mmsrv
