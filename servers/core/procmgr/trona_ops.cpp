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
  return find_image_in_vfs(path, bytes);
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
uint64_t TronaOps::attach_pager(const SpawnSpec& s, const child::Slots& c) {
  uint64_t st = child::give_mmsrv_endpoint(c.cn, s.badge);
  if (st != uapi::TRONA_OK) return st;
  if (trona::MmsrvClient(kMmsrvSlot).register_client(s.badge, kChildHeapBase, kChildMmapBase, s.pid, c.vs) != 0)
    return uapi::TRONA_OUT_OF_MEMORY;
  mm_badge_[s.index] = s.badge;
  return child::set_pager(c.tcb, s.badge);
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

// Spawn: the objects, the child's CSpace (0/1/2 itself, 3 procmgr minted
// with its badge, 6 rsrcsrv minted with its badge when procmgr has
// rsrcsrv, 32 a pre-created service endpoint), its memory (the image
// read-only + executable at kImageVa, the IPC buffer, the stack below
// kStackTopVa), its pager, its thread (§1.5 order).
uint64_t TronaOps::build(const SpawnSpec& s) {
  const child::Slots c = child::of_window(s.index);
  uint64_t st = open_account(s.index, s.badge, s.memory_kib);
  if (st != uapi::TRONA_OK) return st;
  ChildObject objs[child::kMaxProcessObjects];
  const size_t n = child::process_objects(c, s.cnode_bits, child::pages_bits(s.stack_pages), true, objs);
  if ((st = alloc_child_objects(s.index, objs, n))) return st;
  if ((st = child::give_self_caps(c, s.badge))) return st;
  if ((st = give_rsrcsrv_endpoint(s.index, c.cn))) return st;
  if (s.pre_ep_slot != kNoSlot &&
      (st = inv(c.cn, uapi::CNODE_MOVE, kChildServiceEpSlot, SLOT_SELF_CNODE, s.pre_ep_slot)))
    return st;
  uint8_t page[uapi::kPageSize];
  if ((st = child::write_image(c.image, s.image, page))) return st;
  if ((st = child::map_image(c.vs, c.image))) return st;
  if ((st = child::map_ipc_frame(c.vs, c.ipc))) return st;
  if ((st = child::map_stack(c.vs, c.stack, s.stack_pages))) return st;
  uint64_t rsp = initial_stack(child::stack_spec(s.argv_bytes, s.argv_len, s.argc), s.cnode_bits, page);
  if (rsp == 0) return uapi::TRONA_OUT_OF_RANGE;
  if ((st = child::write_stack_top(c.stack, s.stack_pages, page))) return st;
  if (has_pager && (st = attach_pager(s, c))) return st;
  if ((st = child::configure_thread(c.tcb, c.cn, c.vs, trona::image::kImageVa, rsp, trona::image::kIpcBufferVa)))
    return st;
  return child::bind_sched_context(c.sc, c.tcb);
}

}  // namespace procmgr
