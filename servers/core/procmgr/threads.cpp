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

// PM_THREAD_CREATE: MR0 rip, MR1/MR2 the two initial stack words
// (trona::EntryPoint), MR3 stack pages (0 = 1, <= 16) → MR0 tid.
uint64_t create(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  if (!me.has_objects) return TRONA_INVALID_OPERATION;  // no address space procmgr holds
  uint64_t pages = rq.get(3) == 0 ? 1 : rq.get(3);
  if (rq.get(0) == 0 || pages > kMaxStackPages) return TRONA_INVALID_ARGUMENT;
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
  spec.rip = rq.get(0);
  spec.stack_word0 = rq.get(1);
  spec.stack_word1 = rq.get(2);
  spec.stack_pages = pages;
  uint64_t st = pm.ops.create_thread(spec);
  if (st != TRONA_OK) return st;
  *slot = Thread();
  slot->state = ThreadState::kRunning;
  slot->tid = spec.tid;
  slot->pid = me.pid;
  rp->push(spec.tid);
  return TRONA_OK;
}

// PM_THREAD_EXIT: MR0 the caller's tid, MR1 its exit value. Never answered
// (the thread is torn down); a waiting joiner gets MR0 = the value.
uint64_t exit_thread(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  Thread* t = find(pm, me.pid, rq.get(0));
  if (t == nullptr || t->state != ThreadState::kRunning) return rq.get(0) == me.pid ? TRONA_INVALID_ARGUMENT
                                                                                   : TRONA_NOT_FOUND;
  rp->send = false;
  size_t i = index_of(pm, *t);
  pm.ops.destroy_thread(i);
  t->exit_value = rq.get(1);
  const uint64_t v = t->exit_value;
  if (t->detached || (t->joined && pm.ops.reply_joiner(i, TRONA_OK, &v, 1))) {
    release(*t);
  } else {  // kept for a join (a joiner whose call was interrupted did not take it)
    t->state = ThreadState::kExited;
    t->joined = false;
  }
  return TRONA_OK;
}

// PM_THREAD_JOIN: MR0 tid, MR1 the caller's tid (0 = the main thread) →
// MR0 exit value; blocks (saved reply cap) until the thread exits.
uint64_t join(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  uint64_t self = rq.get(1) == 0 ? me.pid : rq.get(1);
  if (rq.get(0) == self) return TRONA_DEADLOCK;  // EDEADLK
  Thread* t = find(pm, me.pid, rq.get(0));
  if (t == nullptr) return TRONA_NOT_FOUND;
  // Another joiner: EINVAL. The same one again: its earlier call was
  // interrupted (its saved reply cap is dead), this one replaces it.
  if (t->detached || (t->joined && t->joiner_tid != self)) return TRONA_INVALID_ARGUMENT;
  if (t->state == ThreadState::kExited) {
    rp->push(t->exit_value);
    release(*t);
    return TRONA_OK;
  }
  uint64_t st = pm.ops.save_joiner(index_of(pm, *t));
  if (st != TRONA_OK) return st;
  t->joined = true;
  t->joiner_tid = self;
  rp->send = false;
  return TRONA_OK;
}

// PM_THREAD_DETACH: MR0 tid. An exited thread is released at once.
uint64_t detach(Procmgr& pm, Proc& me, const lib::Request& rq) {
  Thread* t = find(pm, me.pid, rq.get(0));
  if (t == nullptr) return TRONA_NOT_FOUND;
  if (t->detached || t->joined) return TRONA_INVALID_ARGUMENT;
  if (t->state == ThreadState::kExited)
    release(*t);
  else
    t->detached = true;
  return TRONA_OK;
}

// PM_THREAD_LIST: MR0 cursor → MR0 count, MR1 next cursor (0 = done),
// MR2.. tids > cursor ascending: the main thread (tid = pid) and every
// running thread.
uint64_t list(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  constexpr size_t kMax = uapi::kMaxMessageRegisters - 2;
  uint64_t tids[kMax];
  size_t n = 0;
  uint64_t last = rq.get(0);
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
    tids[n++] = last = best;
  }
  rp->push(n);
  rp->push(more ? last : 0);
  for (size_t i = 0; i < n; ++i) rp->push(tids[i]);
  return TRONA_OK;
}

// PM_GET_THREAD_CAPS: MR0 tid of the caller's own process (0 = the main
// thread) → copies of the thread's TCB, its scheduling context and the
// process's VSpace as reply caps 0..2 (in the caller's receive slots),
// MR0 = how many (2 for a process init registered: no SC procmgr holds).
uint64_t thread_caps(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  if (!me.has_objects) return TRONA_INVALID_OPERATION;
  uint64_t tid = rq.get(0) == 0 ? me.pid : rq.get(0);
  const uint64_t w = window(pm.index_of(&me));
  if (tid == me.pid) {
    bool spawned = me.cnode_bits != 0;  // PM_REGISTER leaves it 0
    rp->push_cap(w + win::kTcb);
    if (spawned) rp->push_cap(w + win::kSchedCtx);
  } else {
    Thread* t = find(pm, me.pid, tid);
    if (t == nullptr || t->state != ThreadState::kRunning) return TRONA_NOT_FOUND;
    const uint64_t tw = thread_window(index_of(pm, *t));
    rp->push_cap(tw + tslot::kTcb);
    rp->push_cap(tw + tslot::kSchedCtx);
  }
  rp->push_cap(w + win::kVSpace);
  rp->push(rp->cap_count);
  return TRONA_OK;
}

}  // namespace

uint64_t handle_threads(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  switch (rq.label) {
    case PM_GET_THREAD_CAPS: return thread_caps(pm, me, rq, rp);
    case PM_THREAD_CREATE: return create(pm, me, rq, rp);
    case PM_THREAD_EXIT: return exit_thread(pm, me, rq, rp);
    case PM_THREAD_JOIN: return join(pm, me, rq, rp);
    case PM_THREAD_DETACH: return detach(pm, me, rq);
    case PM_THREAD_LIST: return list(pm, me, rq, rp);
    default: return kNotMine;
  }
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
