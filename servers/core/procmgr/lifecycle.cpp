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

// argv = path, then the NUL-separated args (a missing final NUL is added).
uint64_t do_spawn(Procmgr& pm, Proc& caller, const PmSpawn::In& in, PmSpawn::Reply& out) {
  const lib::Str path = in.path;
  const size_t name_len = path.size;
  if (name_len == 0) return TRONA_INVALID_ARGUMENT;  // too long or truncated: the decode said so
  char argv[kMaxPath + 1 + kMaxArgsBytes + 1];
  size_t n = 0, argc = 1;
  for (size_t i = 0; i < name_len; ++i) {
    if (path[i] == '\0') return TRONA_INVALID_ARGUMENT;
    argv[n++] = path[i];
  }
  argv[n++] = '\0';
  if (!in.args.empty()) {
    for (size_t i = 0; i < in.args.size; ++i) argv[n++] = in.args[i];
    if (argv[n - 1] != '\0') argv[n++] = '\0';
    for (size_t i = name_len + 1; i < n; ++i)
      if (argv[i] == '\0') ++argc;
  }
  lib::Str p = path;
  while (!p.empty() && p[0] == '/') p = p.tail_from(1);
  lib::Str bytes;
  uint64_t st = pm.ops.find_image(p, &bytes);
  if (st != TRONA_OK) return st;
  trona::image::Header h;
  if (trona::image::parse(bytes, &h) != trona::image::Error::kOk) return TRONA_INVALID_ARGUMENT;

  uint64_t cnode_bits = (in.policy >> kSpawnCnodeBitsShift) & 0xFF;
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
  spec.memory_kib = (in.policy >> kSpawnMemoryKibShift) & 0xFFFF;
  c->memory_kib = spec.memory_kib;
  spec.stack_pages = h.stack_pages;
  spec.image = bytes;
  spec.argv_bytes = argv;
  spec.argv_len = n;
  spec.argc = argc;
  if ((in.flags & kSpawnFlagUsePreEp) != 0 && in.pre_ep != lib::kNoCap) spec.pre_ep_slot = in.pre_ep;
  st = adopt_objects(pm, *c, pm.ops.create(spec), (in.flags & kSpawnFlagStartSuspended) == 0);
  if (st == TRONA_OK) out.pid = pid;
  return st;
}

uint64_t do_wait(Procmgr& pm, Proc& caller, const PmWait::In& in, PmWait::Reply& out, proto::Call& call) {
  const uint64_t wpid = in.pid, options = in.options;
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
      out.wstatus = mr[0];
      out.pid = mr[1];
      return TRONA_OK;
    }
  }
  if (!any) return TRONA_NOT_FOUND;  // ECHILD
  if ((options & uapi::kWNOHANG) != 0) return TRONA_OK;  // (0, 0): nothing yet
  size_t idx = pm.index_of(&caller);
  uint64_t st = pm.ops.save_caller(idx);
  if (st != TRONA_OK) return st;
  caller.waiting = true;
  caller.wait_pid = wpid;
  caller.wait_options = options;
  call.defer();  // answered by child_changed / job_changed (Ops::reply_saved)
  return TRONA_OK;
}

}  // namespace

uint64_t Service::pm_spawn(const PmSpawn::In& in, PmSpawn::Reply& out, proto::Call&) {
  return do_spawn(pm, me, in, out);
}

uint64_t Service::pm_exit(const PmExit::In& in, PmExit::Reply&, proto::Call& call) {
  call.defer();  // never answered (§3.5)
  terminate(pm, me, uapi::wait_status_exited(static_cast<int>(in.code & 0xFF)));
  return TRONA_OK;
}

uint64_t Service::pm_wait(const PmWait::In& in, PmWait::Reply& out, proto::Call& call) {
  return do_wait(pm, me, in, out, call);
}

uint64_t Service::pm_getpid(const PmGetpid::In&, PmGetpid::Reply& out, proto::Call&) {
  return answer(out.pid, me.pid);
}

uint64_t Service::pm_getppid(const PmGetppid::In&, PmGetppid::Reply& out, proto::Call&) {
  return answer(out.ppid, me.ppid);
}

uint64_t Service::pm_resume(const PmResume::In& in, PmResume::Reply&, proto::Call&) {
  Proc* t = pm.by_pid(in.pid);
  if (t == nullptr || !alive(*t)) return TRONA_NOT_FOUND;
  if (!parent_or_init(me, *t)) return TRONA_INVALID_OPERATION;
  if (!t->has_objects) return TRONA_INVALID_OPERATION;
  if (!t->suspended) return TRONA_OK;
  uint64_t st = pm.ops.resume(pm.index_of(t));
  if (st == TRONA_OK) t->suspended = false;
  return st;
}

// The cap was checked by the decode (INVALID_CAPABILITY first).
uint64_t Service::pm_inject_cap(const PmInjectCap::In& in, PmInjectCap::Reply&, proto::Call&) {
  Proc* t = pm.by_pid(in.pid);
  if (t == nullptr || !alive(*t)) return TRONA_NOT_FOUND;
  if (!parent_or_init(me, *t) || !t->has_objects) return TRONA_INVALID_OPERATION;
  const uint64_t dest = in.dest;
  if (dest <= uapi::SLOT_SELF_CNODE || t->cnode_bits == 0 || dest >= (uint64_t{1} << t->cnode_bits))
    return TRONA_INVALID_ARGUMENT;
  return pm.ops.inject(pm.index_of(t), in.object, dest);
}

// init only (handle() refused others).
uint64_t Service::pm_register(const PmRegister::In& in, PmRegister::Reply& out, proto::Call&) {
  if (in.cnode == lib::kNoCap) return TRONA_INVALID_CAPABILITY;
  const uint64_t badge = in.badge;
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
  uint64_t st = pm.ops.adopt(pm.index_of(c), in.cnode);
  if (st != TRONA_OK) {
    release(*c);
    return st;
  }
  c->has_objects = true;
  out.pid = pid;
  return TRONA_OK;
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
  vfs_detach(pm, p);  // its fds close: pipe peers see EOF / EPIPE
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

uint64_t adopt_objects(Procmgr& pm, Proc& c, uint64_t built, bool run, const Proc* fork_parent) {
  if (built != TRONA_OK) {
    release(c);
    return built;
  }
  c.has_objects = true;
  uint64_t attached = give_service_slots(pm, c);
  if (attached == TRONA_OK) attached = vfs_attach(pm, c, fork_parent);
  if (attached != TRONA_OK) {
    pm.ops.destroy(pm.index_of(&c));
    release(c);
    return attached;
  }
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
