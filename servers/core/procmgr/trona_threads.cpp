// procmgr/trona_threads.cpp — the kernel side of PM_THREAD_*: a thread's
// TCB, scheduling context, IPC buffer and stack (memory objects) in
// thread_window(t), set up in its process's CSpace and VSpace and started
// at the entry the caller gave (trona::EntryPoint: rip + the two words at
// the top of its stack).
//
// The IPC buffer is a memory object so procmgr can write the new thread's
// tid into it before it runs (uapi::procmgr::kThreadIdOffset) — the
// counterpart of Linux's CLONE_CHILD_SETTID: threads of a process share
// its badge, so a thread names itself to procmgr by that tid.
#include "core/procmgr/trona_ops.h"
#include "uapi/procmgr.h"

namespace procmgr {

using uapi::SLOT_SELF_CNODE;

uint64_t TronaOps::create_thread(const ThreadSpec& s) {
  uint64_t st = build_thread(s);
  if (st != uapi::TRONA_OK) destroy_thread(s.index);
  return st;
}

uint64_t TronaOps::build_thread(const ThreadSpec& s) {
  const uint64_t b = thread_window(s.index), w = window(s.proc_index);
  const uint64_t tcb = b + tslot::kTcb, sc = b + tslot::kSchedCtx, ipc = b + tslot::kIpcBuffer,
                 stack = b + tslot::kStack, vs = w + win::kVSpace;
  const uint64_t stack_bits = child::pages_bits(s.stack_pages);
  const uint64_t pages = uint64_t{1} << stack_bits;
  // Charged to the process (its rsrcsrv owner and quota, when it has one).
  const ChildObject objs[] = {{uapi::OBJ_TCB, 0, tcb},
                              {uapi::OBJ_SCHED_CONTEXT, 0, sc},
                              {uapi::OBJ_MEMORY_OBJECT, 0, ipc},
                              {uapi::OBJ_MEMORY_OBJECT, stack_bits, stack}};
  uint64_t st = alloc_child_objects(s.proc_index, objs, sizeof objs / sizeof objs[0]);
  if (st != uapi::TRONA_OK) return st;
  // The tid where the thread finds it; the entry words at the stack top.
  const uint64_t tid = s.tid;
  if ((st = child::mo_write(ipc, uapi::procmgr::kThreadIdOffset, reinterpret_cast<const uint8_t*>(&tid),
                            sizeof tid)))
    return st;
  const uint64_t words[2] = {s.stack_word0, s.stack_word1};
  if ((st = child::mo_write(stack, pages * uapi::kPageSize - sizeof words,
                            reinterpret_cast<const uint8_t*>(words), sizeof words)))
    return st;
  const uint64_t ipc_va = thread_ipc_va(s.index), top = thread_stack_top(s.index);
  if ((st = child::map_rw(vs, ipc, ipc_va, 1))) return st;
  if ((st = child::map_rw(vs, stack, top - pages * uapi::kPageSize, pages))) return st;
  if ((st = child::configure_thread(tcb, w + win::kCNode, vs, s.rip, top - sizeof words, ipc_va))) return st;
  // The process's pager handles its faults too.
  if (mm_badge_[s.proc_index] != 0 && (st = child::set_pager(tcb, mm_badge_[s.proc_index]))) return st;
  if ((st = child::bind_sched_context(sc, tcb))) return st;
  return inv(tcb, uapi::TCB_RESUME);
}

// The memory objects' last caps go: their mappings go with them.
void TronaOps::destroy_thread(size_t t) {
  const uint64_t b = thread_window(t);
  inv(b + tslot::kTcb, uapi::TCB_SUSPEND);
  for (uint64_t s = tslot::kTcb; s <= tslot::kStack; ++s) inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, b + s);
}

uint64_t TronaOps::save_joiner(size_t t) {
  const uint64_t slot = thread_window(t) + tslot::kReply;
  inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, slot);
  return inv(SLOT_SELF_CNODE, uapi::CNODE_SAVE_CALLER, slot);
}

bool TronaOps::reply_joiner(size_t t, uint64_t status, const uint64_t* mr, size_t n) {
  return reply_through(thread_window(t) + tslot::kReply, status, mr, n);
}

void TronaOps::drop_joiner(size_t t) {
  inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, thread_window(t) + tslot::kReply);
}

}  // namespace procmgr
