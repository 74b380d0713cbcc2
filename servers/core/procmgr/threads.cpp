// procmgr/threads.cpp — PM_THREAD_CREATE/EXIT/JOIN/DETACH/LIST and
// PM_GET_THREAD_CAPS: threads of a process, each a TCB in the process's
// CSpace and VSpace with its own IPC buffer, stack and scheduling context
// (procmgr builds them: Ops::create_thread). The main thread is not in the
// table: its tid is the pid and it ends with PM_EXIT.
//
// Every thread of a process shares its badge, so procmgr cannot tell them
// apart: a request that concerns "the calling thread" carries its tid
// (the thread reads it from its IPC buffer at start, uapi README).
#include "core/procmgr/internal.h"
#include "uapi/procmgr.h"

namespace procmgr::detail {

namespace {

constexpr uint64_t kMaxStackPages = 16;

size_t index_of(const Procmgr& pm, const Thread& t) { return static_cast<size_t>(&t - pm.threads); }

// A live (running or exited, not yet joined) thread of process `pid`.
Thread* find(Procmgr& pm, uint64_t pid, uint64_t tid) {
  for (Thread& t : pm.threads)
    if (t.state != ThreadState::kFree && t.pid == pid && t.tid == tid) return &t;
  return nullptr;
}

uint64_t new_tid(Procmgr& pm) {
  for (;;) {
    uint64_t tid = pm.next_tid++;
    if (pm.next_tid == 0) pm.next_tid = kFirstTid;
    bool used = false;
    for (const Thread& t : pm.threads) used = used || (t.state != ThreadState::kFree && t.tid == tid);
    if (!used) return tid;
  }
}

void release(Thread& t) { t = Thread(); }

}  // namespace

uint64_t Service::pm_thread_create(const PmThreadCreate::In& in, PmThreadCreate::Reply& out, proto::Call&) {
  if (!me.has_objects) return TRONA_INVALID_OPERATION;  // no address space procmgr holds
  uint64_t pages = in.stack_pages == 0 ? 1 : in.stack_pages;
  if (in.rip == 0 || pages > kMaxStackPages) return TRONA_INVALID_ARGUMENT;
  Thread* slot = nullptr;
  for (Thread& t : pm.threads)
    if (t.state == ThreadState::kFree) {
      slot = &t;
      break;
    }
  if (slot == nullptr) return TRONA_WOULD_BLOCK;  // EAGAIN: thread table full
  ThreadSpec spec;
  spec.index = index_of(pm, *slot);
  spec.proc_index = pm.index_of(&me);
  spec.tid = new_tid(pm);
  spec.rip = in.rip;
  spec.stack_word0 = in.stack0;
  spec.stack_word1 = in.stack1;
  spec.stack_pages = pages;
  uint64_t st = pm.ops.create_thread(spec);
  if (st != TRONA_OK) return st;
  *slot = Thread();
  slot->state = ThreadState::kRunning;
  slot->tid = spec.tid;
  slot->pid = me.pid;
  out.tid = spec.tid;
  return TRONA_OK;
}

// Never answered (the thread is torn down); a waiting joiner gets the value.
uint64_t Service::pm_thread_exit(const PmThreadExit::In& in, PmThreadExit::Reply&, proto::Call& call) {
  Thread* t = find(pm, me.pid, in.tid);
  if (t == nullptr || t->state != ThreadState::kRunning) return in.tid == me.pid ? TRONA_INVALID_ARGUMENT
                                                                                : TRONA_NOT_FOUND;
  call.defer();
  size_t i = index_of(pm, *t);
  pm.ops.destroy_thread(i);
  t->exit_value = in.value;
  const uint64_t v = t->exit_value;
  if (t->detached || (t->joined && pm.ops.reply_joiner(i, TRONA_OK, &v, 1))) {
    release(*t);
  } else {  // kept for a join (a joiner whose call was interrupted did not take it)
    t->state = ThreadState::kExited;
    t->joined = false;
  }
  return TRONA_OK;
}

// Blocks (saved reply cap) until the thread exits.
uint64_t Service::pm_thread_join(const PmThreadJoin::In& in, PmThreadJoin::Reply& out, proto::Call& call) {
  uint64_t self = in.self == 0 ? me.pid : in.self;
  if (in.tid == self) return TRONA_DEADLOCK;  // EDEADLK
  Thread* t = find(pm, me.pid, in.tid);
  if (t == nullptr) return TRONA_NOT_FOUND;
  // Another joiner: EINVAL. The same one again: its earlier call was
  // interrupted (its saved reply cap is dead), this one replaces it.
  if (t->detached || (t->joined && t->joiner_tid != self)) return TRONA_INVALID_ARGUMENT;
  if (t->state == ThreadState::kExited) {
    out.value = t->exit_value;
    release(*t);
    return TRONA_OK;
  }
  uint64_t st = pm.ops.save_joiner(index_of(pm, *t));
  if (st != TRONA_OK) return st;
  t->joined = true;
  t->joiner_tid = self;
  call.defer();  // answered by pm_thread_exit (Ops::reply_joiner)
  return TRONA_OK;
}

// An exited thread is released at once.
uint64_t Service::pm_thread_detach(const PmThreadDetach::In& in, PmThreadDetach::Reply&, proto::Call&) {
  Thread* t = find(pm, me.pid, in.tid);
  if (t == nullptr) return TRONA_NOT_FOUND;
  if (t->detached || t->joined) return TRONA_INVALID_ARGUMENT;
  if (t->state == ThreadState::kExited)
    release(*t);
  else
    t->detached = true;
  return TRONA_OK;
}

// Tids > cursor ascending: the main thread (tid = pid) and every running one.
uint64_t Service::pm_thread_list(const PmThreadList::In& in, PmThreadList::Reply& out, proto::Call&) {
  constexpr size_t kMax = uapi::kMaxMessageRegisters - 2;
  size_t n = 0;
  uint64_t last = in.cursor;
  bool more = false;
  for (;;) {
    uint64_t best = 0;
    if (me.pid > last) best = me.pid;
    for (const Thread& t : pm.threads)
      if (t.state == ThreadState::kRunning && t.pid == me.pid && t.tid > last && (best == 0 || t.tid < best))
        best = t.tid;
    if (best == 0) break;
    if (n == kMax) {
      more = true;
      break;
    }
    out.tids[n++] = last = best;
  }
  out.count = out.tids_count = n;
  out.next = more ? last : 0;
  return TRONA_OK;
}

// Copies of the thread's TCB, its SC and the process's VSpace (no SC for a
// process init registered: cnode_bits 0).
uint64_t Service::pm_get_thread_caps(const PmGetThreadCaps::In& in, PmGetThreadCaps::Reply& out, proto::Call&) {
  if (!me.has_objects) return TRONA_INVALID_OPERATION;
  uint64_t tid = in.tid == 0 ? me.pid : in.tid;
  const uint64_t w = window(pm.index_of(&me));
  if (tid == me.pid) {
    out.tcb = w + win::kTcb;
    if (me.cnode_bits != 0) out.sched_ctx = w + win::kSchedCtx;  // PM_REGISTER leaves it 0
  } else {
    Thread* t = find(pm, me.pid, tid);
    if (t == nullptr || t->state != ThreadState::kRunning) return TRONA_NOT_FOUND;
    const uint64_t tw = thread_window(index_of(pm, *t));
    out.tcb = tw + tslot::kTcb;
    out.sched_ctx = tw + tslot::kSchedCtx;
  }
  out.vspace = w + win::kVSpace;
  out.count = out.sched_ctx == lib::kNoCap ? 2 : 3;
  return TRONA_OK;
}

void stop_threads(Procmgr& pm, Proc& p, bool stop) {
  for (Thread& t : pm.threads)
    if (t.state == ThreadState::kRunning && t.pid == p.pid) pm.ops.set_thread_stopped(index_of(pm, t), stop);
}

void end_threads_and_signals(Procmgr& pm, Proc& p) {
  for (Thread& t : pm.threads) {
    if (t.state == ThreadState::kFree || t.pid != p.pid) continue;
    size_t i = index_of(pm, t);
    if (t.state == ThreadState::kRunning) pm.ops.destroy_thread(i);
    if (t.joined) pm.ops.drop_joiner(i);  // the joiner is a thread of `p`: it is gone too
    release(t);
  }
  pm.ops.drop_signals(pm.index_of(&p));
  p.alarm_deadline = 0;
  p.alarm_interval = 0;
}

}  // namespace procmgr::detail
