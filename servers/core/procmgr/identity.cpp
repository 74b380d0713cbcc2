// procmgr/identity.cpp — ids and credentials (set*id with the POSIX
// rules), groups, umask, rlimits, process groups, sessions and their TTY.
#include "core/procmgr/internal.h"
#include "uapi/procmgr.h"

namespace procmgr::detail {

namespace {

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

}  // namespace

uint64_t handle_identity(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  (void)pm, (void)me, (void)rq, (void)rp;
  switch (rq.label) {
    case PM_GETUID: rp->push(me.creds.ruid); return TRONA_OK;
    case PM_GETGID: rp->push(me.creds.rgid); return TRONA_OK;
    case PM_GETEUID: rp->push(me.creds.euid); return TRONA_OK;
    case PM_GETEGID: rp->push(me.creds.egid); return TRONA_OK;
    case PM_GETGROUPS:
      rp->push(me.creds.ngroups);
      for (size_t i = 0; i < me.creds.ngroups; ++i) rp->push(me.creds.groups[i]);
      return TRONA_OK;
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
    default: return kNotMine;
  }
}

}  // namespace procmgr::detail
