// procmgr/itimers.cpp — PM_SETITIMER / PM_GETITIMER: ITIMER_REAL on the
// machine's CLOCK_MONOTONIC (virtual time in the simulator), SIGALRM when
// it expires. procmgr's serve loop waits at most until the earliest armed
// deadline (lib::ServeTimer: next_timer_deadline / fire_timers).
//
// ITIMER_VIRTUAL and ITIMER_PROF count the process's CPU time, which
// nothing measures per process: they are refused (EINVAL) rather than
// faked on elapsed time.
#include "trona/core/serve.h"
#include "core/procmgr/handler.h"
#include "core/procmgr/internal.h"
#include "uapi/procmgr.h"

namespace procmgr::detail {

namespace {

// What is left of `p`'s timer at `now` (0 = disarmed).
uint64_t remaining(const Proc& p, uint64_t now) {
  if (p.alarm_deadline == 0) return 0;
  return p.alarm_deadline > now ? p.alarm_deadline - now : 1;  // due, not yet fired: "almost"
}

// Reply MR0 remaining ns, MR1 interval ns (getitimer's it_value, it_interval).
void push_timer(const Proc& p, uint64_t now, lib::Reply* rp) {
  rp->push(remaining(p, now));
  rp->push(p.alarm_interval);
}

// PM_SETITIMER: MR0 which, MR1 value ns (0 disarms), MR2 interval ns.
// Reply: the old timer as PM_GETITIMER's.
uint64_t set_timer(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  if (rq.get(0) != static_cast<uint64_t>(uapi::kITIMER_REAL)) return TRONA_INVALID_ARGUMENT;
  uint64_t now = pm.ops.now_ns();
  push_timer(me, now, rp);
  uint64_t value = rq.get(1);
  me.alarm_deadline = value == 0 ? 0 : now + value;
  me.alarm_interval = value == 0 ? 0 : rq.get(2);
  return TRONA_OK;
}

}  // namespace

uint64_t handle_itimers(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp) {
  switch (rq.label) {
    case PM_SETITIMER: return set_timer(pm, me, rq, rp);
    case PM_GETITIMER:
      if (rq.get(0) != static_cast<uint64_t>(uapi::kITIMER_REAL)) return TRONA_INVALID_ARGUMENT;
      push_timer(me, pm.ops.now_ns(), rp);
      return TRONA_OK;
    default: return kNotMine;
  }
}

}  // namespace procmgr::detail

namespace procmgr {

uint64_t next_timer_deadline(Procmgr& pm) {
  uint64_t next = lib::kNoDeadline;
  for (const Proc& p : pm.procs)
    if (detail::alive(p) && p.alarm_deadline != 0 && p.alarm_deadline < next) next = p.alarm_deadline;
  return next;
}

// A periodic timer re-arms from its previous deadline (no drift), or from
// `now` when procmgr woke later than a whole period.
void fire_timers(Procmgr& pm, uint64_t now) {
  for (Proc& p : pm.procs) {
    if (!detail::alive(p) || p.alarm_deadline == 0 || p.alarm_deadline > now) continue;
    if (p.alarm_interval == 0) {
      p.alarm_deadline = 0;
    } else {
      p.alarm_deadline += p.alarm_interval;
      if (p.alarm_deadline <= now) p.alarm_deadline = now + p.alarm_interval;
    }
    detail::deliver(pm, p, uapi::kSIGALRM);
  }
}

}  // namespace procmgr
