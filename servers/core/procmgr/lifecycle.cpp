// procmgr/lifecycle.cpp — spawn, register, inject, resume, exit, wait:
// a process from PM_SPAWN/PM_REGISTER to its reaping.
#include "core/procmgr/internal.h"
#include "lib/inline_string.h"
#include "trona/core/image.h"
#include "uapi/procmgr.h"

namespace procmgr::detail {

namespace {

// waitpid pid argument (as i32): -1 any, > 0 that pid, 0 caller's group,
// < -1 group -pid.
bool wait_matches(const Proc& parent, uint64_t wait_pid, const Proc& c) {
  if (c.ppid != parent.pid || c.state == ProcState::kFree) return false;
  auto w = static_cast<int32_t>(static_cast<uint32_t>(wait_pid));
  if (w == -1) return true;
  if (w > 0) return c.pid == static_cast<uint64_t>(w);
  if (w == 0) return c.pgid == parent.pgid;
  return c.pgid == static_cast<uint64_t>(-static_cast<int64_t>(w));
}

// Reaps zombie `c` for `parent`: the reply MRs are (status, pid).
void reap(Proc& c, uint64_t* mr) {
  mr[0] = c.wait_status;
  mr[1] = c.pid;
  release(c);
}

void child_changed(Procmgr& pm, Proc& c) {
  Proc* parent = pm.by_pid(c.ppid);
  if (parent == nullptr || parent->state != ProcState::kRunning) {
    release(c);  // nobody will wait for it
    return;
  }
  if (parent->waiting && wait_matches(*parent, parent->wait_pid, c)) {
    const uint64_t mr[2] = {c.wait_status, c.pid};
    parent->waiting = false;
    // A waiter whose call a signal ended does not take it: the zombie stays.
    if (pm.ops.reply_saved(pm.index_of(parent), TRONA_OK, mr, 2)) release(c);
  }
  deliver(pm, *parent, uapi::kSIGCHLD);  // after the answer: a handler does not cost the wait its child
}

// WUNTRACED reports stops, WCONTINUED continues (once each).
bool wants_job_status(uint64_t options, uint64_t status) {
  if (status == 0) return false;
  if (status == static_cast<uint64_t>(uapi::kWaitStatusContinued)) return (options & uapi::kWCONTINUED) != 0;
  return (options & uapi::kWUNTRACED) != 0;
}

void report_job(Proc& c, uint64_t* mr) {
  mr[0] = c.job_status;
  mr[1] = c.pid;
  c.job_status = 0;
}

uint64_t do_spawn(Procmgr& pm, Proc& caller, const lib::Request& rq, lib::Reply* rp) {
  uint64_t name_len = rq.get(0), flags = rq.get(3), args_len = rq.get(4);
  if (name_len == 0 || name_len > kMaxPath || args_len > kMaxArgsBytes) return TRONA_INVALID_ARGUMENT;
  size_t name_words = lib::inline_words(name_len);
  if (5 + name_words + lib::inline_words(args_len) > rq.length) return TRONA_INVALID_ARGUMENT;
  char path[kMaxPath];
  read_bytes(rq, 5, name_len, path);
  // argv = path, then the NUL-separated args (a missing final NUL is added).
  char argv[kMaxPath + 1 + kMaxArgsBytes + 1];
  size_t n = 0, argc = 1;
  for (size_t i = 0; i < name_len; ++i) {
    if (path[i] == '\0') return TRONA_INVALID_ARGUMENT;
    argv[n++] = path[i];
  }
  argv[n++] = '\0';
  if (args_len != 0) {
    read_bytes(rq, 5 + name_words, args_len, argv + n);
    n += args_len;
    if (argv[n - 1] != '\0') argv[n++] = '\0';
    for (size_t i = name_len + 1; i < n; ++i)
      if (argv[i] == '\0') ++argc;
  }
  lib::Str p(path, name_len);
  while (!p.empty() && p[0] == '/') p = p.tail_from(1);
  lib::Str bytes;
  uint64_t st = pm.ops.find_image(p, &bytes);
  if (st != TRONA_OK) return st;
  trona::image::Header h;
  if (trona::image::parse(bytes, &h) != trona::image::Error::kOk) return TRONA_INVALID_ARGUMENT;

  uint64_t cnode_bits = (rq.get(1) >> kSpawnCnodeBitsShift) & 0xFF;
  if (cnode_bits == 0) cnode_bits = kSpawnDefaultCnodeBits;
  if (cnode_bits < uapi::kCnodeMinSizeBits || cnode_bits > uapi::kCnodeMaxSizeBits) return TRONA_INVALID_ARGUMENT;
  uint64_t pid = pm.new_pid();
  Proc* c = pid == 0 ? nullptr : pm.alloc(pid, kChildBadgeBase + pid);
  if (c == nullptr) return TRONA_WOULD_BLOCK;  // EAGAIN: process table full
  c->ppid = caller.pid;
  c->pgid = caller.pgid;
  c->sid = caller.sid;
  c->creds = caller.creds;
  c->umask = caller.umask;
  for (size_t i = 0; i < kRlimits; ++i) c->rlimits[i] = caller.rlimits[i];
  c->cnode_bits = cnode_bits;
  for (size_t i = 0; i < name_len; ++i) c->path[i] = path[i];
  c->path_len = name_len;

  SpawnSpec spec;
  spec.index = pm.index_of(c);
  spec.pid = pid;
  spec.badge = c->badge;
  spec.cnode_bits = cnode_bits;
  spec.memory_kib = (rq.get(1) >> kSpawnMemoryKibShift) & 0xFFFF;
  c->memory_kib = spec.memory_kib;
  spec.stack_pages = h.stack_pages;
  spec.image = bytes;
  spec.argv_bytes = argv;
  spec.argv_len = n;
  spec.argc = argc;
  if ((flags & kSpawnFlagUsePreEp) != 0 && rq.cap_count != 0) spec.pre_ep_slot = rq.cap_slot;
  st = adopt_objects(pm, *c, pm.ops.create(spec), (flags & kSpawnFlagStartSuspended) == 0);
  if (st == TRONA_OK) rp->push(pid);
  return st;
}

uint64_t do_wait(Procmgr& pm, Proc& caller, const lib::Request& rq, lib::Reply* rp) {
  uint64_t wpid = rq.get(0), options = rq.get(1);
  bool any = false;
  for (Proc& c : pm.procs) {
    if (!wait_matches(caller, wpid, c)) continue;
    any = true;
    if (c.state == ProcState::kZombie || wants_job_status(options, c.job_status)) {
      uint64_t mr[2];
      if (c.state == ProcState::kZombie)
        reap(c, mr);
      else
        report_job(c, mr);
      rp->push(mr[0]);
      rp->push(mr[1]);
      return TRONA_OK;
    }
  }
  if (!any) return TRONA_NOT_FOUND;  // ECHILD
  if ((options & uapi::kWNOHANG) != 0) {
    rp->push(0);
    rp->push(0);
    return TRONA_OK;
  }
  size_t idx = pm.index_of(&caller);
  uint64_t st = pm.ops.save_caller(idx);
  if (st != TRONA_OK) return st;
  caller.waiting = true;
  caller.wait_pid = wpid;
  caller.wait_options = options;
  rp->send = false;
  return TRONA_OK;
}

}  // namespace

uint64_t handle_lifecycle(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  (void)pm, (void)me, (void)rq, (void)rp;
  switch (rq.label) {
    case PM_SPAWN: return do_spawn(pm, me, rq, rp);
    case PM_EXIT:
      rp->send = false;  // never answered (§3.5)
      terminate(pm, me, uapi::wait_status_exited(static_cast<int>(rq.get(0) & 0xFF)));
      return TRONA_OK;
    case PM_WAIT: return do_wait(pm, me, rq, rp);
    case PM_GETPID: rp->push(me.pid); return TRONA_OK;
    case PM_GETPPID: rp->push(me.ppid); return TRONA_OK;
    case PM_RESUME: {
      Proc* t = pm.by_pid(rq.get(0));
      if (t == nullptr || !alive(*t)) return TRONA_NOT_FOUND;
      if (!parent_or_init(me, *t)) return TRONA_INVALID_OPERATION;
      if (!t->has_objects) return TRONA_INVALID_OPERATION;
      if (!t->suspended) return TRONA_OK;
      uint64_t st = pm.ops.resume(pm.index_of(t));
      if (st == TRONA_OK) t->suspended = false;
      return st;
    }
    case PM_INJECT_CAP: {
      if (rq.cap_count == 0) return TRONA_INVALID_CAPABILITY;
      Proc* t = pm.by_pid(rq.get(0));
      if (t == nullptr || !alive(*t)) return TRONA_NOT_FOUND;
      if (!parent_or_init(me, *t) || !t->has_objects) return TRONA_INVALID_OPERATION;
      uint64_t dest = rq.get(1);
      if (dest <= uapi::SLOT_SELF_CNODE || t->cnode_bits == 0 || dest >= (uint64_t{1} << t->cnode_bits))
        return TRONA_INVALID_ARGUMENT;
      return pm.ops.inject(pm.index_of(t), rq.cap_slot, dest);
    }
    case PM_REGISTER: {
      if (me.pid != 1) return TRONA_INVALID_OPERATION;
      if (rq.cap_count == 0) return TRONA_INVALID_CAPABILITY;
      uint64_t badge = rq.get(0);
      if (badge == 0 || (badge >= kChildBadgeBase && badge < kChildBadgeBase + 0x8000)) return TRONA_INVALID_ARGUMENT;
      if (pm.by_badge(badge) != nullptr) return TRONA_ALREADY_EXISTS;
      uint64_t pid = pm.new_pid();
      Proc* c = pid == 0 ? nullptr : pm.alloc(pid, badge);
      if (c == nullptr) return TRONA_WOULD_BLOCK;
      c->ppid = me.pid;
      c->pgid = me.pgid;
      c->sid = me.sid;
      c->creds = me.creds;
      c->umask = me.umask;
      uint64_t st = pm.ops.adopt(pm.index_of(c), rq.cap_slot);
      if (st != TRONA_OK) {
        release(*c);
        return st;
      }
      c->has_objects = true;
      rp->push(pid);
      return TRONA_OK;
    }
    default: return kNotMine;
  }
}

void job_changed(Procmgr& pm, Proc& c) {
  Proc* parent = pm.by_pid(c.ppid);
  if (parent == nullptr || !alive(*parent)) return;
  if (parent->waiting && wait_matches(*parent, parent->wait_pid, c) &&
      wants_job_status(parent->wait_options, c.job_status)) {
    const uint64_t mr[2] = {c.job_status, c.pid};
    parent->waiting = false;
    if (pm.ops.reply_saved(pm.index_of(parent), TRONA_OK, mr, 2)) c.job_status = 0;
  }
  const bool stop = c.stopped;
  if (!stop || (parent->actions[uapi::kSIGCHLD].flags & static_cast<uint64_t>(uapi::kSA_NOCLDSTOP)) == 0)
    deliver(pm, *parent, uapi::kSIGCHLD);
}

void terminate(Procmgr& pm, Proc& p, uint64_t status) {
  if (p.state != ProcState::kRunning) return;
  size_t idx = pm.index_of(&p);
  end_threads_and_signals(pm, p);
  if (p.has_objects) pm.ops.destroy(idx);
  p.has_objects = false;
  if (p.waiting) pm.ops.drop_saved(idx);
  p.waiting = false;
  p.state = ProcState::kZombie;
  p.wait_status = status;
  // Orphans go to init (pid 1); with no init their zombies are released.
  Proc* init = pm.by_pid(1);
  for (Proc& c : pm.procs) {
    if (c.state == ProcState::kFree || &c == &p || c.ppid != p.pid) continue;
    c.ppid = init != nullptr && init != &p ? 1 : 0;
    if (c.state == ProcState::kZombie) child_changed(pm, c);
  }
  child_changed(pm, p);
}

uint64_t adopt_objects(Procmgr& pm, Proc& c, uint64_t built, bool run) {
  if (built != TRONA_OK) {
    release(c);
    return built;
  }
  c.has_objects = true;
  if (!run) {
    c.suspended = true;
    return TRONA_OK;
  }
  uint64_t st = pm.ops.resume(pm.index_of(&c));
  if (st != TRONA_OK) {
    pm.ops.destroy(pm.index_of(&c));
    release(c);
  }
  return st;
}

}  // namespace procmgr::detail
