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

uint64_t set_ids(bool root, uint64_t label, uint64_t a, uint64_t b, uint64_t c, uint64_t* r, uint64_t* e,
                 uint64_t* s) {
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

uint64_t set_uids(Proc& me, uint64_t label, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  return set_ids(is_root(me), label, a, b, c, &me.creds.ruid, &me.creds.euid, &me.creds.suid);
}

uint64_t set_gids(Proc& me, uint64_t label, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  return set_ids(is_root(me), label, a, b, c, &me.creds.rgid, &me.creds.egid, &me.creds.sgid);
}

// *out = t's pgid or sid; NOT_FOUND without t.
uint64_t id_of(const Proc* t, uint64_t Proc::*id, uint64_t* out) {
  if (t == nullptr) return TRONA_NOT_FOUND;
  *out = t->*id;
  return TRONA_OK;
}

}  // namespace

uint64_t Service::pm_getuid(const PmGetuid::In&, PmGetuid::Reply& out, proto::Call&) {
  return answer(out.uid, me.creds.ruid);
}

uint64_t Service::pm_getgid(const PmGetgid::In&, PmGetgid::Reply& out, proto::Call&) {
  return answer(out.gid, me.creds.rgid);
}

uint64_t Service::pm_geteuid(const PmGeteuid::In&, PmGeteuid::Reply& out, proto::Call&) {
  return answer(out.euid, me.creds.euid);
}

uint64_t Service::pm_getegid(const PmGetegid::In&, PmGetegid::Reply& out, proto::Call&) {
  return answer(out.egid, me.creds.egid);
}

uint64_t Service::pm_getgroups(const PmGetgroups::In&, PmGetgroups::Reply& out, proto::Call&) {
  out.gids_count = me.creds.ngroups;
  for (size_t i = 0; i < me.creds.ngroups; ++i) out.gids[i] = me.creds.groups[i];
  return TRONA_OK;
}

uint64_t Service::pm_setpgid(const PmSetpgid::In& in, PmSetpgid::Reply&, proto::Call&) {
  return do_setpgid(pm, me, in.pid, in.pgid);
}

uint64_t Service::pm_getpgid(const PmGetpgid::In& in, PmGetpgid::Reply& out, proto::Call&) {
  return id_of(self_or(pm, me, in.pid), &Proc::pgid, &out.pgid);
}

uint64_t Service::pm_getsid(const PmGetsid::In& in, PmGetsid::Reply& out, proto::Call&) {
  return id_of(self_or(pm, me, in.pid), &Proc::sid, &out.sid);
}

uint64_t Service::pm_getpgid_badge(const PmGetpgidBadge::In& in, PmGetpgidBadge::Reply& out, proto::Call&) {
  return id_of(pm.by_badge(in.badge), &Proc::pgid, &out.pgid);
}

uint64_t Service::pm_getsid_badge(const PmGetsidBadge::In& in, PmGetsidBadge::Reply& out, proto::Call&) {
  return id_of(pm.by_badge(in.badge), &Proc::sid, &out.sid);
}

uint64_t Service::pm_setsid(const PmSetsid::In&, PmSetsid::Reply& out, proto::Call&) {
  for (Proc& q : pm.procs)
    if (q.state != ProcState::kFree && q.pgid == me.pid) return TRONA_INVALID_OPERATION;  // a group leader
  me.sid = me.pgid = me.pid;
  me.tty = me.tty_pgrp = 0;
  out.sid = me.sid;
  return TRONA_OK;
}

// A change the VFS must know (its permission checks, EMFILE, the umask).
static uint64_t told_vfs(Procmgr& pm, const Proc& p, uint64_t st) {
  if (st == TRONA_OK) vfs_update(pm, p);
  return st;
}

uint64_t Service::pm_umask(const PmUmask::In& in, PmUmask::Reply& out, proto::Call&) {
  out.old = me.umask;
  me.umask = in.mask & 0777;
  return told_vfs(pm, me, TRONA_OK);
}

uint64_t Service::pm_setuid(const PmSetuid::In& in, PmSetuid::Reply&, proto::Call&) {
  return told_vfs(pm, me, set_uids(me, PM_SETUID, in.uid));
}
uint64_t Service::pm_seteuid(const PmSeteuid::In& in, PmSeteuid::Reply&, proto::Call&) {
  return told_vfs(pm, me, set_uids(me, PM_SETEUID, in.uid));
}
uint64_t Service::pm_setreuid(const PmSetreuid::In& in, PmSetreuid::Reply&, proto::Call&) {
  return told_vfs(pm, me, set_uids(me, PM_SETREUID, in.real, in.effective));
}
uint64_t Service::pm_setresuid(const PmSetresuid::In& in, PmSetresuid::Reply&, proto::Call&) {
  return told_vfs(pm, me, set_uids(me, PM_SETRESUID, in.real, in.effective, in.saved));
}
uint64_t Service::pm_setgid(const PmSetgid::In& in, PmSetgid::Reply&, proto::Call&) {
  return told_vfs(pm, me, set_gids(me, PM_SETGID, in.gid));
}
uint64_t Service::pm_setegid(const PmSetegid::In& in, PmSetegid::Reply&, proto::Call&) {
  return told_vfs(pm, me, set_gids(me, PM_SETEGID, in.gid));
}
uint64_t Service::pm_setregid(const PmSetregid::In& in, PmSetregid::Reply&, proto::Call&) {
  return told_vfs(pm, me, set_gids(me, PM_SETREGID, in.real, in.effective));
}
uint64_t Service::pm_setresgid(const PmSetresgid::In& in, PmSetresgid::Reply&, proto::Call&) {
  return told_vfs(pm, me, set_gids(me, PM_SETRESGID, in.real, in.effective, in.saved));
}

uint64_t Service::pm_getresuid(const PmGetresuid::In&, PmGetresuid::Reply& out, proto::Call&) {
  out = {me.creds.ruid, me.creds.euid, me.creds.suid};
  return TRONA_OK;
}

uint64_t Service::pm_getresgid(const PmGetresgid::In&, PmGetresgid::Reply& out, proto::Call&) {
  out = {me.creds.rgid, me.creds.egid, me.creds.sgid};
  return TRONA_OK;
}

// The list was checked by the decode (count <= kMaxGroups, all present).
uint64_t Service::pm_setgroups(const PmSetgroups::In& in, PmSetgroups::Reply&, proto::Call&) {
  if (!is_root(me)) return TRONA_INVALID_OPERATION;
  me.creds.ngroups = in.gids_count;
  for (size_t i = 0; i < in.gids_count; ++i) me.creds.groups[i] = in.gids[i];
  return told_vfs(pm, me, TRONA_OK);
}

uint64_t Service::pm_get_creds_by_badge(const PmGetCredsByBadge::In& in, PmGetCredsByBadge::Reply& out,
                                        proto::Call&) {
  Proc* t = pm.by_badge(in.badge);
  if (t == nullptr) return TRONA_NOT_FOUND;
  out = {t->creds.ruid, t->creds.euid, t->creds.rgid, t->creds.egid, t->pid};
  return TRONA_OK;
}

uint64_t Service::pm_getrlimit(const PmGetrlimit::In& in, PmGetrlimit::Reply& out, proto::Call&) {
  if (in.resource >= kRlimits) return TRONA_INVALID_ARGUMENT;
  out = {me.rlimits[in.resource].cur, me.rlimits[in.resource].max};
  return TRONA_OK;
}

uint64_t Service::pm_setrlimit(const PmSetrlimit::In& in, PmSetrlimit::Reply&, proto::Call&) {
  const uint64_t r = in.resource, cur = in.soft, max = in.hard;
  if (r >= kRlimits || cur > max) return TRONA_INVALID_ARGUMENT;
  if (max > me.rlimits[r].max && !is_root(me)) return TRONA_INVALID_OPERATION;
  me.rlimits[r] = {cur, max};
  return told_vfs(pm, me, TRONA_OK);
}

uint64_t Service::pm_set_session_tty(const PmSetSessionTty::In& in, PmSetSessionTty::Reply&, proto::Call&) {
  const uint64_t tty = in.tty;
  if (tty == 0) return TRONA_INVALID_ARGUMENT;
  if (me.pid != me.sid) return TRONA_INVALID_OPERATION;
  if (me.tty != 0 && me.tty != tty) return TRONA_BUSY;
  me.tty = tty;
  me.tty_pgrp = me.pgid;
  return TRONA_OK;
}

uint64_t Service::pm_clear_session_tty(const PmClearSessionTty::In&, PmClearSessionTty::Reply&, proto::Call&) {
  if (me.pid != me.sid) return TRONA_INVALID_OPERATION;
  me.tty = me.tty_pgrp = 0;
  return TRONA_OK;
}

uint64_t Service::pm_set_session_tty_pgrp(const PmSetSessionTtyPgrp::In& in, PmSetSessionTtyPgrp::Reply&,
                                          proto::Call&) {
  Proc* leader = pm.by_pid(me.sid);
  if (leader == nullptr || leader->tty == 0) return TRONA_NOT_FOUND;
  const uint64_t pgrp = in.pgrp;
  bool exists = false;
  for (Proc& q : pm.procs)
    if (q.state == ProcState::kRunning && q.pgid == pgrp && q.sid == me.sid) exists = true;
  if (!exists) return TRONA_INVALID_OPERATION;
  leader->tty_pgrp = pgrp;
  return TRONA_OK;
}

}  // namespace procmgr::detail
