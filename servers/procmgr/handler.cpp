#include "procmgr/handler.h"

#include "lib/inline_string.h"
#include "trona/image.h"
#include "uapi/procmgr.h"

namespace procmgr {

namespace {

using namespace uapi::procmgr;
using uapi::TRONA_ALREADY_EXISTS;
using uapi::TRONA_BUSY;
using uapi::TRONA_INVALID_ARGUMENT;
using uapi::TRONA_INVALID_CAPABILITY;
using uapi::TRONA_INVALID_OPERATION;
using uapi::TRONA_NOT_FOUND;
using uapi::TRONA_OK;
using uapi::TRONA_OUT_OF_MEMORY;
using uapi::TRONA_WOULD_BLOCK;

constexpr uint64_t kSignalCount = 32;  // NSIG: signals 1..31

bool is_root(const Proc& p) { return p.creds.euid == 0; }

bool alive(const Proc& p) { return p.state == ProcState::kRunning; }

// The caller may act on `t` as its parent (spawn-time operations): its
// parent, or init.
bool parent_or_init(const Proc& caller, const Proc& t) { return t.ppid == caller.pid || caller.pid == 1; }

// kill permission (POSIX): privileged, or the sender's real or effective
// uid equals the target's real or saved uid.
bool may_signal(const Proc& s, const Proc& t) {
  if (is_root(s)) return true;
  return s.creds.ruid == t.creds.ruid || s.creds.ruid == t.creds.suid || s.creds.euid == t.creds.ruid ||
         s.creds.euid == t.creds.suid;
}

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

void release(Proc& p) { p.state = ProcState::kFree; }

// Reaps zombie `c` for `parent`: the reply MRs are (status, pid).
void reap(Proc& c, uint64_t* mr) {
  mr[0] = c.wait_status;
  mr[1] = c.pid;
  release(c);
}

void terminate(Procmgr& pm, Proc& p, uint64_t status);

void child_changed(Procmgr& pm, Proc& c) {
  Proc* parent = pm.by_pid(c.ppid);
  if (parent == nullptr || parent->state != ProcState::kRunning) {
    release(c);  // nobody will wait for it
    return;
  }
  parent->pending_signals |= uint64_t{1} << uapi::kSIGCHLD;  // ignored by default: recorded
  if (parent->waiting && wait_matches(*parent, parent->wait_pid, c)) {
    uint64_t mr[2];
    reap(c, mr);
    parent->waiting = false;
    pm.ops.reply_saved(pm.index_of(parent), TRONA_OK, mr, 2);
  }
}

void terminate(Procmgr& pm, Proc& p, uint64_t status) {
  if (p.state != ProcState::kRunning) return;
  size_t idx = pm.index_of(&p);
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

// Records `sig` for `t` and applies its default action (no handlers are
// installed yet: PM_SIGACTION is not implemented). SIGKILL and the
// default-terminate signals end the process; the rest stay pending.
void deliver(Procmgr& pm, Proc& t, uint64_t sig) {
  if (sig == 0 || !alive(t)) return;
  t.pending_signals |= uint64_t{1} << sig;
  if (sig == uapi::kSIGKILL || default_terminates(sig)) terminate(pm, t, uapi::wait_status_signaled(static_cast<int>(sig)));
}

struct Target {
  enum Kind : uint8_t { kOne, kGroup, kAll } kind;
  uint64_t id;
};

// Sends to every matching process: NOT_FOUND if none matched, EPERM
// (INVALID_OPERATION) if none was permitted.
uint64_t send_signal(Procmgr& pm, Proc& caller, Target tg, uint64_t sig) {
  if (sig >= kSignalCount) return TRONA_INVALID_ARGUMENT;
  bool matched = false, sent = false;
  for (Proc& t : pm.procs) {
    if (t.state == ProcState::kFree) continue;
    bool m = false;
    switch (tg.kind) {
      case Target::kOne: m = t.pid == tg.id; break;
      case Target::kGroup: m = t.pgid == tg.id; break;
      case Target::kAll: m = t.pid != 1 && &t != &caller; break;
    }
    if (!m) continue;
    matched = true;
    if (!may_signal(caller, t)) continue;
    sent = true;
    deliver(pm, t, sig);
  }
  if (!matched) return TRONA_NOT_FOUND;
  return sent ? TRONA_OK : TRONA_INVALID_OPERATION;
}

Target kill_target(const Proc& caller, uint64_t pid_word) {
  auto pid = static_cast<int32_t>(static_cast<uint32_t>(pid_word));
  if (pid > 0) return {Target::kOne, static_cast<uint64_t>(pid)};
  if (pid == 0) return {Target::kGroup, caller.pgid};
  if (pid == -1) return {Target::kAll, 0};
  return {Target::kGroup, static_cast<uint64_t>(-static_cast<int64_t>(pid))};
}

// Bytes of an inline string at MR[k]: reads `len` bytes from MR[first..].
void read_bytes(const lib::Request& rq, size_t first, size_t len, char* out) {
  for (size_t i = 0; i < len; ++i) out[i] = static_cast<char>(rq.get(first + i / 8) >> (8 * (i % 8)));
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
  spec.stack_pages = h.stack_pages;
  spec.image = bytes;
  spec.argv_bytes = argv;
  spec.argv_len = n;
  spec.argc = argc;
  if ((flags & kSpawnFlagUsePreEp) != 0 && rq.cap_count != 0) spec.pre_ep_slot = rq.cap_slot;
  st = pm.ops.create(spec);
  if (st != TRONA_OK) {
    release(*c);
    return st;
  }
  c->has_objects = true;
  if ((flags & kSpawnFlagStartSuspended) != 0) {
    c->suspended = true;
  } else {
    st = pm.ops.resume(spec.index);
    if (st != TRONA_OK) {
      pm.ops.destroy(spec.index);
      release(*c);
      return st;
    }
  }
  rp->push(pid);
  return TRONA_OK;
}

uint64_t do_wait(Procmgr& pm, Proc& caller, const lib::Request& rq, lib::Reply* rp) {
  uint64_t wpid = rq.get(0), options = rq.get(1);
  bool any = false;
  for (Proc& c : pm.procs) {
    if (!wait_matches(caller, wpid, c)) continue;
    any = true;
    if (c.state == ProcState::kZombie) {
      uint64_t mr[2];
      reap(c, mr);
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

uint64_t do_setpgid(Procmgr& pm, Proc& caller, uint64_t pid, uint64_t pgid) {
  Proc* t = pid == 0 ? &caller : pm.by_pid(pid);
  if (t == nullptr || (t != &caller && t->ppid != caller.pid)) return TRONA_NOT_FOUND;  // ESRCH
  if (pgid == 0) pgid = t->pid;
  if (pgid > 0x7FFFFFFF) return TRONA_INVALID_ARGUMENT;
  if (t->sid != caller.sid) return TRONA_INVALID_OPERATION;
  if (t->pid == t->sid) return TRONA_INVALID_OPERATION;  // a session leader
  if (pgid != t->pid) {
    bool exists = false;
    for (Proc& q : pm.procs)
      if (q.state != ProcState::kFree && q.pgid == pgid && q.sid == caller.sid) exists = true;
    if (!exists) return TRONA_INVALID_OPERATION;
  }
  t->pgid = pgid;
  return TRONA_OK;
}

// set*uid / set*gid with the POSIX (Linux) permission rules. `r`, `e`,
// `s` point at the real/effective/saved ids of one kind.
bool in3(uint64_t v, uint64_t a, uint64_t b, uint64_t c) { return v == a || v == b || v == c; }

uint64_t set_ids(bool root, uint64_t label, const lib::Request& rq, uint64_t* r, uint64_t* e, uint64_t* s) {
  uint64_t a = rq.get(0), b = rq.get(1), c = rq.get(2);
  switch (label) {
    case PM_SETUID:
    case PM_SETGID:
      if (a > 0xFFFFFFFE) return TRONA_INVALID_ARGUMENT;
      if (root) {
        *r = *e = *s = a;
      } else if (a == *r || a == *s) {
        *e = a;
      } else {
        return TRONA_INVALID_OPERATION;
      }
      return TRONA_OK;
    case PM_SETEUID:
    case PM_SETEGID:
      if (a > 0xFFFFFFFE) return TRONA_INVALID_ARGUMENT;
      if (!root && !in3(a, *r, *e, *s)) return TRONA_INVALID_OPERATION;
      *e = a;
      return TRONA_OK;
    case PM_SETREUID:
    case PM_SETREGID: {
      if (!root) {
        if (a != kIdUnchanged && a != *r && a != *e) return TRONA_INVALID_OPERATION;
        if (b != kIdUnchanged && !in3(b, *r, *e, *s)) return TRONA_INVALID_OPERATION;
      }
      uint64_t old_r = *r;
      if (a != kIdUnchanged) *r = a;
      if (b != kIdUnchanged) *e = b;
      if (a != kIdUnchanged || (b != kIdUnchanged && b != old_r)) *s = *e;
      return TRONA_OK;
    }
    default: {  // PM_SETRESUID / PM_SETRESGID
      if (!root) {
        if (a != kIdUnchanged && !in3(a, *r, *e, *s)) return TRONA_INVALID_OPERATION;
        if (b != kIdUnchanged && !in3(b, *r, *e, *s)) return TRONA_INVALID_OPERATION;
        if (c != kIdUnchanged && !in3(c, *r, *e, *s)) return TRONA_INVALID_OPERATION;
      }
      if (a != kIdUnchanged) *r = a;
      if (b != kIdUnchanged) *e = b;
      if (c != kIdUnchanged) *s = c;
      return TRONA_OK;
    }
  }
}

void push_inline(lib::Reply* rp, const char* s, size_t len) {
  rp->push(len);
  for (size_t w = 0; w < lib::inline_words(len); ++w) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8 && 8 * w + i < len; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(s[8 * w + i])) << (8 * i);
    rp->push(v);
  }
}

Proc* self_or(Procmgr& pm, Proc& caller, uint64_t pid) { return pid == 0 ? &caller : pm.by_pid(pid); }

uint64_t handle_known(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  switch (rq.label) {
    case PM_SPAWN: return do_spawn(pm, me, rq, rp);
    case PM_EXIT:
      rp->send = false;  // never answered (§3.5)
      terminate(pm, me, uapi::wait_status_exited(static_cast<int>(rq.get(0) & 0xFF)));
      return TRONA_OK;
    case PM_WAIT: return do_wait(pm, me, rq, rp);
    case PM_GETPID: rp->push(me.pid); return TRONA_OK;
    case PM_GETPPID: rp->push(me.ppid); return TRONA_OK;
    case PM_GETUID: rp->push(me.creds.ruid); return TRONA_OK;
    case PM_GETGID: rp->push(me.creds.rgid); return TRONA_OK;
    case PM_GETEUID: rp->push(me.creds.euid); return TRONA_OK;
    case PM_GETEGID: rp->push(me.creds.egid); return TRONA_OK;
    case PM_GETGROUPS:
      rp->push(me.creds.ngroups);
      for (size_t i = 0; i < me.creds.ngroups; ++i) rp->push(me.creds.groups[i]);
      return TRONA_OK;
    case PM_KILL: {
      uint64_t st = send_signal(pm, me, kill_target(me, rq.get(0)), rq.get(1));
      if (me.state != ProcState::kRunning) rp->send = false;  // it killed itself
      return st;
    }
    case PM_KILL_PGID: {
      uint64_t pgid = rq.get(0);
      if (pgid == 0 || pgid > 0x7FFFFFFF) return TRONA_INVALID_ARGUMENT;
      uint64_t st = send_signal(pm, me, {Target::kGroup, pgid}, rq.get(1));
      if (me.state != ProcState::kRunning) rp->send = false;
      return st;
    }
    case PM_SETPGID: return do_setpgid(pm, me, rq.get(0), rq.get(1));
    case PM_GETPGID:
    case PM_GETSID: {
      Proc* t = self_or(pm, me, rq.get(0));
      if (t == nullptr) return TRONA_NOT_FOUND;
      rp->push(rq.label == PM_GETPGID ? t->pgid : t->sid);
      return TRONA_OK;
    }
    case PM_GETPGID_BADGE:
    case PM_GETSID_BADGE: {
      Proc* t = pm.by_badge(rq.get(0));
      if (t == nullptr) return TRONA_NOT_FOUND;
      rp->push(rq.label == PM_GETPGID_BADGE ? t->pgid : t->sid);
      return TRONA_OK;
    }
    case PM_SETSID:
      for (Proc& q : pm.procs)
        if (q.state != ProcState::kFree && q.pgid == me.pid) return TRONA_INVALID_OPERATION;  // a group leader
      me.sid = me.pgid = me.pid;
      me.tty = me.tty_pgrp = 0;
      rp->push(me.sid);
      return TRONA_OK;
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
    case PM_UMASK: rp->push(me.umask); me.umask = rq.get(0) & 0777; return TRONA_OK;
    case PM_SETUID:
    case PM_SETEUID:
    case PM_SETREUID:
    case PM_SETRESUID: return set_ids(is_root(me), rq.label, rq, &me.creds.ruid, &me.creds.euid, &me.creds.suid);
    case PM_SETGID:
    case PM_SETEGID:
    case PM_SETREGID:
    case PM_SETRESGID: return set_ids(is_root(me), rq.label, rq, &me.creds.rgid, &me.creds.egid, &me.creds.sgid);
    case PM_GETRESUID: rp->push(me.creds.ruid); rp->push(me.creds.euid); rp->push(me.creds.suid); return TRONA_OK;
    case PM_GETRESGID: rp->push(me.creds.rgid); rp->push(me.creds.egid); rp->push(me.creds.sgid); return TRONA_OK;
    case PM_SETGROUPS: {
      uint64_t n = rq.get(0);
      if (n > kMaxGroups || 1 + n > rq.length) return TRONA_INVALID_ARGUMENT;
      if (!is_root(me)) return TRONA_INVALID_OPERATION;
      me.creds.ngroups = n;
      for (size_t i = 0; i < n; ++i) me.creds.groups[i] = rq.get(1 + i);
      return TRONA_OK;
    }
    case PM_GET_CREDS_BY_BADGE: {
      Proc* t = pm.by_badge(rq.get(0));
      if (t == nullptr) return TRONA_NOT_FOUND;
      rp->push(t->creds.ruid);
      rp->push(t->creds.euid);
      rp->push(t->creds.rgid);
      rp->push(t->creds.egid);
      rp->push(t->pid);
      return TRONA_OK;
    }
    case PM_GETRLIMIT: {
      uint64_t r = rq.get(0);
      if (r >= kRlimits) return TRONA_INVALID_ARGUMENT;
      rp->push(me.rlimits[r].cur);
      rp->push(me.rlimits[r].max);
      return TRONA_OK;
    }
    case PM_SETRLIMIT: {
      uint64_t r = rq.get(0), cur = rq.get(1), max = rq.get(2);
      if (r >= kRlimits || cur > max) return TRONA_INVALID_ARGUMENT;
      if (max > me.rlimits[r].max && !is_root(me)) return TRONA_INVALID_OPERATION;
      me.rlimits[r] = {cur, max};
      return TRONA_OK;
    }
    case PM_SET_SESSION_TTY: {
      uint64_t tty = rq.get(0);
      if (tty == 0) return TRONA_INVALID_ARGUMENT;
      if (me.pid != me.sid) return TRONA_INVALID_OPERATION;
      if (me.tty != 0 && me.tty != tty) return TRONA_BUSY;
      me.tty = tty;
      me.tty_pgrp = me.pgid;
      return TRONA_OK;
    }
    case PM_CLEAR_SESSION_TTY:
      if (me.pid != me.sid) return TRONA_INVALID_OPERATION;
      me.tty = me.tty_pgrp = 0;
      return TRONA_OK;
    case PM_SET_SESSION_TTY_PGRP: {
      Proc* leader = pm.by_pid(me.sid);
      if (leader == nullptr || leader->tty == 0) return TRONA_NOT_FOUND;
      uint64_t pgrp = rq.get(0);
      bool exists = false;
      for (Proc& q : pm.procs)
        if (q.state == ProcState::kRunning && q.pgid == pgrp && q.sid == me.sid) exists = true;
      if (!exists) return TRONA_INVALID_OPERATION;
      leader->tty_pgrp = pgrp;
      return TRONA_OK;
    }
    case PM_LIST_PIDS: {
      // MR0 cursor: pids greater than it. Reply MR0 count, MR1 next cursor
      // (0 = done), MR2.. pids ascending.
      constexpr size_t kMax = uapi::kMaxMessageRegisters - 2;
      uint64_t cursor = rq.get(0);
      uint64_t pids[kMax];
      size_t n = 0;
      bool more = false;
      uint64_t last = cursor;
      for (;;) {
        uint64_t best = 0;
        for (Proc& q : pm.procs)
          if (q.state != ProcState::kFree && q.pid > last && (best == 0 || q.pid < best)) best = q.pid;
        if (best == 0) break;
        if (n == kMax) {
          more = true;
          break;
        }
        pids[n++] = best;
        last = best;
      }
      rp->push(n);
      rp->push(more ? last : 0);
      for (size_t i = 0; i < n; ++i) rp->push(pids[i]);
      return TRONA_OK;
    }
    case PM_GET_PROC_INFO: {
      Proc* t = self_or(pm, me, rq.get(0));
      if (t == nullptr) return TRONA_NOT_FOUND;
      uint64_t state = t->state == ProcState::kZombie ? 1 : (t->suspended ? 2 : 0);
      const uint64_t words[] = {t->pid,        t->ppid,       t->pgid,  t->sid,   t->creds.ruid,
                                t->creds.euid, t->creds.rgid, t->creds.egid, state, t->pending_signals,
                                t->umask};
      for (uint64_t w : words) rp->push(w);
      push_inline(rp, t->path, t->path_len);
      return TRONA_OK;
    }
    case PM_GET_EXE_PATH: {
      Proc* t = self_or(pm, me, rq.get(0));
      if (t == nullptr) return TRONA_NOT_FOUND;
      push_inline(rp, t->path, t->path_len);
      return TRONA_OK;
    }
    case PM_REGISTER_SERVICE_DEFS: {
      // MR0 policy word, MR1 name (inline), then the binary (inline).
      if (me.pid != 1) return TRONA_INVALID_OPERATION;
      char name[32], bin[48];
      size_t nl = 0, bl = 0;
      if (lib::unpack_inline(rq.mr, rq.length, 1, name, sizeof name, &nl) != lib::UnpackError::kOk || nl == 0)
        return TRONA_INVALID_ARGUMENT;
      size_t k = 2 + lib::inline_words(nl);
      if (lib::unpack_inline(rq.mr, rq.length, k, bin, sizeof bin, &bl) != lib::UnpackError::kOk || bl == 0)
        return TRONA_INVALID_ARGUMENT;
      ServiceDef* slot = nullptr;
      for (ServiceDef& d : pm.defs) {
        if (d.used && lib::Str(d.name, d.name_len).equals(lib::Str(name, nl))) return TRONA_ALREADY_EXISTS;
        if (!d.used && slot == nullptr) slot = &d;
      }
      if (slot == nullptr) return TRONA_OUT_OF_MEMORY;
      *slot = ServiceDef();
      slot->used = true;
      slot->policy = rq.get(0);
      slot->name_len = nl;
      slot->binary_len = bl;
      for (size_t i = 0; i < nl; ++i) slot->name[i] = name[i];
      for (size_t i = 0; i < bl; ++i) slot->binary[i] = bin[i];
      return TRONA_OK;
    }
    case PM_REGISTER_PROVIDER: {
      if (me.pid != 1) return TRONA_INVALID_OPERATION;
      char name[32];
      size_t nl = 0;
      if (lib::unpack_inline(rq.mr, rq.length, 0, name, sizeof name, &nl) != lib::UnpackError::kOk || nl == 0)
        return TRONA_INVALID_ARGUMENT;
      if (rq.cap_count == 0) return TRONA_INVALID_CAPABILITY;
      Provider* slot = nullptr;
      size_t i = 0, free_i = 0;
      for (Provider& pv : pm.providers) {
        if (pv.used && lib::Str(pv.name, pv.name_len).equals(lib::Str(name, nl))) return TRONA_ALREADY_EXISTS;
        if (!pv.used && slot == nullptr) {
          slot = &pv;
          free_i = i;
        }
        ++i;
      }
      if (slot == nullptr) return TRONA_OUT_OF_MEMORY;
      *slot = Provider();
      slot->used = true;
      slot->name_len = nl;
      for (size_t j = 0; j < nl; ++j) slot->name[j] = name[j];
      slot->slot = kProviderSlotBase + free_i;
      rp->keep_cap_at = slot->slot;
      return TRONA_OK;
    }
    default: return TRONA_INVALID_OPERATION;
  }
}

}  // namespace

bool default_terminates(uint64_t sig) {
  switch (sig) {
    case uapi::kSIGCHLD:
    case uapi::kSIGCONT:
    case uapi::kSIGURG:
    case uapi::kSIGWINCH:
    case uapi::kSIGSTOP:
    case uapi::kSIGTSTP:
    case uapi::kSIGTTIN:
    case uapi::kSIGTTOU: return false;
    default: return sig != 0 && sig < kSignalCount;
  }
}

bool deliver_system_signal(Procmgr& pm, uint64_t pid, uint64_t sig) {
  Proc* t = pm.by_pid(pid);
  if (t == nullptr || !alive(*t) || pid == 1) return false;
  deliver(pm, *t, sig);
  return true;
}

void handle(Procmgr& pm, const lib::Request& rq, lib::Reply* rp) {
  Proc* me = pm.by_badge(rq.badge);
  if (me == nullptr || me->state != ProcState::kRunning) {
    rp->status(TRONA_NOT_FOUND);  // not a process procmgr knows (ESRCH)
    return;
  }
  uint64_t st = handle_known(pm, *me, rq, rp);
  if (st != TRONA_OK) {
    rp->length = 0;
    rp->keep_cap_at = lib::kNoCap;
  }
  rp->status(st);
}

}  // namespace procmgr
