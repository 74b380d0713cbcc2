// procmgr/trona_fork_exec.cpp — the kernel work behind PM_FORK and PM_EXEC
// (TronaOps::fork / exec_payload / exec, trona_ops.h).
//
// Fork: the child gets new TCB, VSpace, CNode, SC, stack MO and IPC frame
// in its window (charged to its own rsrcsrv owner, like a spawned child's;
// slot 6 = rsrcsrv minted with its badge); its memory is
//   - the image: the parent's image MO mapped again (read-only, shared);
//   - the stack: VSPACE_FORK_RANGE of the parent's stack into the child's
//     new stack MO (a private copy; the kernel model copies eagerly, which
//     is observably copy-on-write, and carries the process-local storage);
//   - the IPC buffer: a copy of the parent's page (VSPACE_COPY_PAGE) — it
//     holds what the parent left there for the child (trona::posix::
//     fork_to puts the entry words of the child's thread in it);
//   - heap, mmap and SHM regions: mmsrv (MM_FORK_REGIONS for the parent's
//     badge: private pages copy-on-write in both, resolved by mmsrv's pager
//     on the first write fault; shared ones stay shared).
// Exec: the new VSpace, image MO and stack MO are built in scratch slots
// first (any failure there leaves the caller untouched), then the caller's
// TCB is suspended, moved to the new VSpace (mmsrv registration redone for
// it under the same badge), the old objects deleted and the thread
// restarted at the image entry (TCB_WRITE_REGISTERS with resume: a fresh
// thread, kernel_model README).
#include "core/procmgr/trona_ops.h"
#include "trona/core/image.h"
#include "trona/clients/mmsrv_client.h"

namespace procmgr {

using uapi::SLOT_SELF_CNODE;
using namespace trona::image;

namespace {

// Moves procmgr's `from` into `to` (whatever was in `to` is deleted).
void replace_slot(uint64_t to, uint64_t from) {
  inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, to);
  inv(SLOT_SELF_CNODE, uapi::CNODE_MOVE, to, SLOT_SELF_CNODE, from);
}

}  // namespace

// §1.5: argv, envp and the auxv (page size, entry, the trona slots and
// windows) of a new image whose CNode has 2^cnode_bits slots.
uint64_t TronaOps::initial_stack(StackSpec spec, uint64_t cnode_bits, uint8_t* page) {
  const uint64_t slot_count = uint64_t{1} << cnode_bits;
  const uint64_t kSlotPool = 256;
  const uint64_t auxv[] = {
      uapi::kAT_PAGESZ,           uapi::kPageSize,
      uapi::kAT_ENTRY,            kImageVa,
      uapi::AT_TRONA_VSPACE,      uapi::SLOT_SELF_VSPACE,
      uapi::AT_TRONA_SCRATCH,     0x0200'0000,
      uapi::AT_TRONA_SLOT_BASE,   slot_count > kSlotPool ? kSlotPool : slot_count,
      uapi::AT_TRONA_SLOT_COUNT,  slot_count > kSlotPool ? slot_count - kSlotPool : 0,
      uapi::AT_TRONA_MM_EP,       uapi::SLOT_MMSRV_EP,
      uapi::AT_TRONA_IPC_BUFFER,  kIpcBufferVa,
  };
  spec.auxv = auxv;
  spec.auxv_pairs = sizeof auxv / sizeof auxv[0] / 2;
  return build_stack(spec, page, kStackTopVa - uapi::kPageSize);
}

// --- fork ---------------------------------------------------------------------------

uint64_t TronaOps::fork(const ForkSpec& s) {
  uint64_t st = build_fork(s);
  if (st != uapi::TRONA_OK) destroy(s.index);
  return st;
}

uint64_t TronaOps::build_fork(const ForkSpec& s) {
  const uint64_t pb = window(s.parent_index);
  const child::Slots c = child::of_window(s.index);
  trona::SysResult size = trona::invoke(pb + win::kStack, uapi::MO_GET_SIZE);
  if (!size.ok() || size.value == 0) return uapi::TRONA_INVALID_OPERATION;  // the parent has no stack MO
  const uint64_t stack_pages = size.value;
  // The child's objects are charged to its own rsrcsrv owner (when
  // procmgr has rsrcsrv), with the parent's quota.
  uint64_t st = open_account(s.index, s.badge, s.memory_kib);
  if (st != uapi::TRONA_OK) return st;
  // The objects of a spawned child but the image MO: the parent's is shared.
  ChildObject objs[child::kMaxProcessObjects];
  const size_t n = child::process_objects(c, s.cnode_bits, child::pages_bits(stack_pages), false, objs);
  if ((st = alloc_child_objects(s.index, objs, n))) return st;
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, pb + win::kImage, SLOT_SELF_CNODE, c.image, uapi::RIGHTS_ALL)))
    return st;
  if ((st = child::give_self_caps(c, s.badge))) return st;
  if ((st = give_rsrcsrv_endpoint(s.index, c.cn))) return st;
  // Memory (the file comment).
  const uint64_t parent_vs = pb + win::kVSpace;
  if ((st = child::map_image(c.vs, c.image))) return st;
  if ((st = inv(parent_vs, uapi::VSPACE_COPY_PAGE, kIpcBufferVa, c.ipc))) return st;
  if ((st = child::map_ipc_frame(c.vs, c.ipc))) return st;
  if ((st = inv(parent_vs, uapi::VSPACE_FORK_RANGE, c.vs, c.stack, child::stack_base(stack_pages), stack_pages << 32)))
    return st;
  if (has_pager && (st = fork_pager(s, c))) return st;
  // The thread: at the caller's entry, FPU state copied (§3.5).
  if ((st = child::configure_thread(c.tcb, c.cn, c.vs, s.entry_rip, s.entry_rsp, kIpcBufferVa))) return st;
  if ((st = inv(c.tcb, uapi::TCB_COPY_FPU, pb + win::kTcb))) return st;
  return child::bind_sched_context(c.sc, c.tcb);
}

// The child's pager: MM_FORK_REGIONS (mmsrv clones the parent's regions
// into a new client with the child's badge and VSpace), then the same
// caps a spawned child gets (slot 7 and its fault handler).
uint64_t TronaOps::fork_pager(const ForkSpec& s, const child::Slots& c) {
  if (trona::MmsrvClient(kMmsrvSlot).fork_regions(s.badge, s.pid, c.vs, s.parent_badge) != 0)
    return uapi::TRONA_OUT_OF_MEMORY;
  mm_badge_[s.index] = s.badge;
  uint64_t st = child::give_mmsrv_endpoint(c.cn, s.badge);
  return st != uapi::TRONA_OK ? st : child::set_pager(c.tcb, s.badge);
}

// --- exec ---------------------------------------------------------------------------

uint64_t TronaOps::exec_payload(char* out, size_t n) {
  const auto* src = reinterpret_cast<const char*>(trona::ipc_buffer()->reserved);
  if (n > sizeof trona::ipc_buffer()->reserved) return uapi::TRONA_OUT_OF_RANGE;
  for (size_t i = 0; i < n; ++i) out[i] = src[i];
  return uapi::TRONA_OK;
}

uint64_t TronaOps::exec(const ExecSpec& s, bool* lost) {
  *lost = false;
  for (uint64_t slot = kExecScratchVSpace; slot <= kExecScratchIpc; ++slot)
    inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, slot);
  uint64_t rsp = 0;
  uint64_t st = build_exec_space(s, &rsp);
  if (st != uapi::TRONA_OK) {
    for (uint64_t slot = kExecScratchVSpace; slot <= kExecScratchIpc; ++slot)
      inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, slot);
    return st;
  }
  // The point of no return: the caller leaves its old address space.
  *lost = true;
  const uint64_t b = window(s.index);
  const uint64_t tcb = b + win::kTcb, cn = b + win::kCNode;
  if ((st = inv(tcb, uapi::TCB_SUSPEND))) return st;
  if (mm_badge_[s.index] != 0) {
    trona::MmsrvClient mm(kMmsrvSlot);
    mm.deregister(s.badge);  // drops the old regions, pages and VSpace cap
    mm_badge_[s.index] = 0;
    if (mm.register_client(s.badge, kChildHeapBase, kChildMmapBase, s.pid, kExecScratchVSpace) != 0)
      return uapi::TRONA_OUT_OF_MEMORY;
    mm_badge_[s.index] = s.badge;
  }
  if ((st = inv(tcb, uapi::TCB_SET_SPACE, cn, kExecScratchVSpace, 0))) return st;
  inv(cn, uapi::CNODE_DELETE, uapi::SLOT_SELF_VSPACE);
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, kExecScratchVSpace, cn, uapi::SLOT_SELF_VSPACE,
                uapi::RIGHTS_ALL)))
    return st;
  replace_slot(b + win::kVSpace, kExecScratchVSpace);  // the old VSpace, stack and image die here
  replace_slot(b + win::kStack, kExecScratchStack);
  replace_slot(b + win::kImage, kExecScratchImage);
  replace_slot(b + win::kIpcFrame, kExecScratchIpc);  // its old mapping went with the old VSpace
  return inv(tcb, uapi::TCB_WRITE_REGISTERS, uapi::kTcbWriteRegistersResume, kImageVa, rsp);
}

// The new address space in the scratch slots: image, the (kept) IPC
// frame, the stack with argv/envp/auxv (§1.5); *rsp = its stack pointer.
uint64_t TronaOps::build_exec_space(const ExecSpec& s, uint64_t* rsp) {
  const uint64_t vs = kExecScratchVSpace, stack = kExecScratchStack, img = kExecScratchImage;
  uint8_t page[uapi::kPageSize];
  StackSpec spec = child::stack_spec(s.argv_bytes, s.argv_len, s.argc);
  spec.envp_bytes = s.envp_bytes;
  spec.envp_len = s.envp_len;
  spec.envc = s.envc;
  *rsp = initial_stack(spec, s.cnode_bits, page);
  if (*rsp == 0) return uapi::TRONA_OUT_OF_RANGE;  // E2BIG: argv + envp do not fit the stack page
  // Charged to the process's owner like its first objects; the replaced
  // ones stay charged until it exits (procmgr keeps no per-object handles).
  const ChildObject objs[] = {{uapi::OBJ_VSPACE, 0, vs},
                              {uapi::OBJ_MEMORY_OBJECT, child::pages_bits(s.stack_pages), stack},
                              {uapi::OBJ_MEMORY_OBJECT, 0, img}};
  uint64_t st = alloc_child_objects(s.index, objs, sizeof objs / sizeof objs[0]);
  if (st != uapi::TRONA_OK) return st;
  if ((st = child::write_stack_top(stack, s.stack_pages, page))) return st;
  if ((st = child::write_image(img, s.image, page))) return st;
  if ((st = child::map_image(vs, img))) return st;
  // The window's cap still maps the frame in the old space: map a copy.
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, window(s.index) + win::kIpcFrame, SLOT_SELF_CNODE,
                kExecScratchIpc, uapi::RIGHTS_ALL)))
    return st;
  if ((st = child::map_ipc_frame(vs, kExecScratchIpc))) return st;
  return child::map_stack(vs, stack, s.stack_pages);
}

}  // namespace procmgr
