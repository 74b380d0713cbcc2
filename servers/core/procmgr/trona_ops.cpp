// procmgr/trona_ops.cpp — the kernel work behind procmgr::Ops (trona_ops.h).
#include "core/procmgr/trona_ops.h"

#include "trona/core/image.h"
#include "trona/clients/mmsrv_client.h"

namespace procmgr {

using uapi::SLOT_SELF_CNODE;

uint64_t TronaOps::resume(size_t index) { return inv(window(index) + win::kTcb, uapi::TCB_RESUME); }

void TronaOps::drop_saved(size_t index) { inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, window(index) + win::kReply); }

uint64_t TronaOps::find_image(lib::Str path, lib::Str* bytes) {
  for (size_t i = 0; i < image_count; ++i) {
    lib::Str p = images[i].path;
    while (!p.empty() && p[0] == '/') p = p.tail_from(1);
    if (p.equals(path)) {
      *bytes = images[i].bytes;
      return uapi::TRONA_OK;
    }
  }
  return uapi::TRONA_NOT_FOUND;
}

uint64_t TronaOps::create(const SpawnSpec& s) {
  uint64_t st = build(s);
  if (st != uapi::TRONA_OK) destroy(s.index);
  return st;
}

void TronaOps::destroy(size_t index) {
  uint64_t b = window(index);
  inv(b + win::kTcb, uapi::TCB_SUSPEND);
  if (mm_badge_[index] != 0) {
    trona::MmsrvClient(kMmsrvSlot).deregister(mm_badge_[index]);
    mm_badge_[index] = 0;
  }
  // The child's own caps to its TCB, VSpace and CNode (the CNode one is a
  // reference cycle), then procmgr's.
  for (uint64_t s = uapi::SLOT_SELF_TCB; s <= uapi::SLOT_SELF_CNODE; ++s) inv(b + win::kCNode, uapi::CNODE_DELETE, s);
  for (uint64_t s = win::kTcb; s <= win::kImage; ++s) inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, b + s);
  close_account(index);  // with rsrcsrv: everything charged to the child goes back
}

uint64_t TronaOps::inject(size_t index, uint64_t from_slot, uint64_t dest_slot) {
  return inv(window(index) + win::kCNode, uapi::CNODE_MOVE, dest_slot, SLOT_SELF_CNODE, from_slot);
}

uint64_t TronaOps::adopt(size_t index, uint64_t from_slot) {
  uint64_t b = window(index);
  uint64_t st = inv(SLOT_SELF_CNODE, uapi::CNODE_MOVE, b + win::kCNode, SLOT_SELF_CNODE, from_slot);
  if (st != uapi::TRONA_OK) return st;
  // Best effort: without GRANT on the child's own caps procmgr cannot
  // suspend it on exit, only forget it.
  inv(b + win::kCNode, uapi::CNODE_COPY, uapi::SLOT_SELF_TCB, SLOT_SELF_CNODE, b + win::kTcb, uapi::RIGHTS_ALL);
  inv(b + win::kCNode, uapi::CNODE_COPY, uapi::SLOT_SELF_VSPACE, SLOT_SELF_CNODE, b + win::kVSpace,
      uapi::RIGHTS_ALL);
  return uapi::TRONA_OK;
}

uint64_t TronaOps::save_caller(size_t index) {
  uint64_t slot = window(index) + win::kReply;
  inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, slot);
  return inv(SLOT_SELF_CNODE, uapi::CNODE_SAVE_CALLER, slot);
}

bool TronaOps::reply_saved(size_t index, uint64_t status, const uint64_t* mr, size_t n) {
  return reply_through(window(index) + win::kReply, status, mr, n);
}

void TronaOps::probe_pager() {
  has_pager = inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, kMmsrvGrantSlot, SLOT_SELF_CNODE, kMmScratchSlot, 0) ==
              uapi::TRONA_OK;
  inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, kMmScratchSlot);
}

// Registers procmgr as mmsrv's fault observer: a notification bound to
// its own TCB, a badged copy (MUTATE keeps GRANT) handed to mmsrv.
bool TronaOps::observe_faults() {
  if (!has_pager) return false;
  if (retype(uapi::OBJ_NOTIFICATION, 0, kFaultNtfnSlot) != uapi::TRONA_OK) return false;
  if (inv(uapi::SLOT_SELF_TCB, uapi::TCB_BIND_NOTIFICATION, kFaultNtfnSlot) != uapi::TRONA_OK) return false;
  if (inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, kFaultNtfnSlot, SLOT_SELF_CNODE, kMmScratchSlot, uapi::RIGHTS_ALL) !=
      uapi::TRONA_OK)
    return false;
  uint64_t st = inv(SLOT_SELF_CNODE, uapi::CNODE_MUTATE, kFaultNtfnGiveSlot, SLOT_SELF_CNODE, kMmScratchSlot,
                    kFaultBadge);
  inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, kMmScratchSlot);
  return st == uapi::TRONA_OK && trona::MmsrvClient(kMmsrvSlot).register_fault_observer(kFaultNtfnGiveSlot) == 0;
}

// The child's pager: MM_REGISTER (badge, bases, pid, its VSpace), its
// slot 7 = mmsrv's endpoint minted with its badge, the same minted cap as
// its fault handler.
uint64_t TronaOps::attach_pager(const SpawnSpec& s, uint64_t tcb, uint64_t vs, uint64_t cn) {
  uint64_t st = inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, kMmsrvGrantSlot, cn, uapi::SLOT_MMSRV_EP, s.badge);
  if (st != uapi::TRONA_OK) return st;
  if (trona::MmsrvClient(kMmsrvSlot).register_client(s.badge, kChildHeapBase, kChildMmapBase, s.pid, vs) != 0)
    return uapi::TRONA_OUT_OF_MEMORY;
  mm_badge_[s.index] = s.badge;
  inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, kMmScratchSlot);
  st = inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, kMmsrvGrantSlot, SLOT_SELF_CNODE, kMmScratchSlot, s.badge);
  if (st == uapi::TRONA_OK) st = inv(tcb, uapi::TCB_SET_FAULT_HANDLER, kMmScratchSlot);
  inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, kMmScratchSlot);
  return st;
}

// One object from the untypeds (7, 16..31), the last one that worked first.
uint64_t TronaOps::retype(uint64_t type, uint64_t size_bits, uint64_t dest) {
  uint64_t st = inv(last_untyped_, uapi::UNTYPED_RETYPE, type, size_bits, dest);
  if (st == uapi::TRONA_OK) return st;
  for (uint64_t u = uapi::SLOT_UNTYPED_BASE - 1; u < uapi::SLOT_BOOTSTRAP_PRIVATE_BASE; ++u) {
    uint64_t slot = u == uapi::SLOT_UNTYPED_BASE - 1 ? uapi::SLOT_CHILD_UNTYPED : u;
    if (slot == last_untyped_) continue;
    st = inv(slot, uapi::UNTYPED_RETYPE, type, size_bits, dest);
    if (st == uapi::TRONA_OK) {
      last_untyped_ = slot;
      return st;
    }
  }
  return uapi::TRONA_OUT_OF_MEMORY;
}

// Writes `n` bytes (<= one page) at byte `off` of the memory object in
// `mo_slot`, through the IPC-buffer page (MO_WRITE).
uint64_t TronaOps::mo_write(uint64_t mo_slot, uint64_t off, const uint8_t* data, size_t n) {
  auto* buf = reinterpret_cast<uint8_t*>(trona::ipc_buffer());
  for (size_t i = 0; i < n; ++i) buf[i] = data[i];
  return inv(mo_slot, uapi::MO_WRITE, off, n);
}

uint64_t TronaOps::build(const SpawnSpec& s) {
  using namespace trona::image;
  const uint64_t b = window(s.index);
  const uint64_t tcb = b + win::kTcb, vs = b + win::kVSpace, cn = b + win::kCNode, sc = b + win::kSchedCtx,
                 stack = b + win::kStack, ipcf = b + win::kIpcFrame, img = b + win::kImage;
  uint64_t stack_bits = 0;
  while ((uint64_t{1} << stack_bits) < s.stack_pages) ++stack_bits;
  uint64_t st = open_account(s.index, s.badge, s.memory_kib);
  if (st != uapi::TRONA_OK) return st;
  const ChildObject objs[] = {{uapi::OBJ_TCB, 0, tcb},
                              {uapi::OBJ_VSPACE, 0, vs},
                              {uapi::OBJ_CNODE, s.cnode_bits, cn},
                              {uapi::OBJ_SCHED_CONTEXT, 0, sc},
                              {uapi::OBJ_MEMORY_OBJECT, stack_bits, stack},
                              {uapi::OBJ_FRAME, uapi::kFrameSizeBits, ipcf},
                              {uapi::OBJ_MEMORY_OBJECT, 0, img}};
  if ((st = alloc_child_objects(s.index, objs, sizeof objs / sizeof objs[0]))) return st;
  // The child's CSpace: 0/1/2 itself, 3 procmgr (minted with its badge),
  // 6 rsrcsrv (minted with its badge, when procmgr has rsrcsrv), 32 a
  // pre-created service endpoint.
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, tcb, cn, uapi::SLOT_SELF_TCB, uapi::RIGHTS_ALL))) return st;
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, vs, cn, uapi::SLOT_SELF_VSPACE, uapi::RIGHTS_ALL))) return st;
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, cn, cn, uapi::SLOT_SELF_CNODE, uapi::RIGHTS_ALL))) return st;
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, uapi::SLOT_PROCMGR_EP, cn, uapi::SLOT_PROCMGR_EP, s.badge)))
    return st;
  if ((st = give_rsrcsrv_endpoint(s.index, cn))) return st;
  if (s.pre_ep_slot != kNoSlot &&
      (st = inv(cn, uapi::CNODE_MOVE, kChildServiceEpSlot, SLOT_SELF_CNODE, s.pre_ep_slot)))
    return st;
  // Memory: the image read-only + executable at kImageVa, the IPC buffer,
  // the stack below kStackTopVa.
  uint8_t page[uapi::kPageSize];
  for (size_t i = 0; i < s.image.size; ++i) page[i] = static_cast<uint8_t>(s.image[i]);
  if ((st = mo_write(img, 0, page, s.image.size))) return st;
  if ((st = inv(vs, uapi::VSPACE_MAP_MO, img, kImageVa, 0, (uint64_t{1} << 32) | uapi::VSPACE_USER |
                                                               uapi::VSPACE_EXECUTABLE)))
    return st;
  if ((st = inv(vs, uapi::VSPACE_MAP, ipcf, kIpcBufferVa, uapi::VSPACE_USER | uapi::VSPACE_WRITABLE))) return st;
  const uint64_t stack_base = kStackTopVa - s.stack_pages * uapi::kPageSize;
  if ((st = inv(vs, uapi::VSPACE_MAP_MO, stack, stack_base, 0,
                (s.stack_pages << 32) | uapi::VSPACE_USER | uapi::VSPACE_WRITABLE)))
    return st;
  StackSpec spec;
  spec.argv_bytes = s.argv_bytes;
  spec.argv_len = s.argv_len;
  spec.argc = s.argc;
  uint64_t rsp = initial_stack(spec, s.cnode_bits, page);
  if (rsp == 0) return uapi::TRONA_OUT_OF_RANGE;
  if ((st = mo_write(stack, (s.stack_pages - 1) * uapi::kPageSize, page, uapi::kPageSize))) return st;
  if (has_pager && (st = attach_pager(s, tcb, vs, cn))) return st;
  // The thread (§1.5 order).
  if ((st = inv(tcb, uapi::TCB_SET_SPACE, cn, vs, 0))) return st;
  if ((st = inv(tcb, uapi::TCB_CONFIGURE, kImageVa, rsp, kIpcBufferVa))) return st;
  if ((st = inv(tcb, uapi::TCB_SET_IPC_BUFFER, kIpcBufferVa))) return st;
  if ((st = inv(sc, uapi::SC_CONFIGURE, 10000, 100000))) return st;
  if ((st = inv(sc, uapi::SC_BIND, tcb))) return st;
  return uapi::TRONA_OK;
}

}  // namespace procmgr
