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

// The timer as PM_GETITIMER reports it (it_value, it_interval).
template <class Reply>
void put_timer(const Proc& p, uint64_t now, Reply& out) {
  out.remaining = remaining(p, now);
  out.interval = p.alarm_interval;
}

}  // namespace

// Reply: the old timer.
uint64_t Service::pm_setitimer(const PmSetitimer::In& in, PmSetitimer::Reply& out, proto::Call&) {
  if (in.which != static_cast<uint64_t>(uapi::kITIMER_REAL)) return TRONA_INVALID_ARGUMENT;
  uint64_t now = pm.ops.now_ns();
  put_timer(me, now, out);
  me.alarm_deadline = in.value == 0 ? 0 : now + in.value;
  me.alarm_interval = in.value == 0 ? 0 : in.interval;
  return TRONA_OK;
}

uint64_t Service::pm_getitimer(const PmGetitimer::In& in, PmGetitimer::Reply& out, proto::Call&) {
  if (in.which != static_cast<uint64_t>(uapi::kITIMER_REAL)) return TRONA_INVALID_ARGUMENT;
  put_timer(me, pm.ops.now_ns(), out);
  return TRONA_OK;
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
