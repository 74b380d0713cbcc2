// procmgr/signals.cpp — kill, process-group kill, sigaction, delivery
// (default actions here — terminate, ignore, stop/continue — caught
// signals to the process's main thread through its signal notification)
// and the exec reset of handlers.
#include "core/procmgr/internal.h"
#include "core/procmgr/handler.h"
#include "uapi/procmgr.h"

namespace procmgr::detail {

namespace {

// kill permission (POSIX): privileged, or the sender's real or effective
// uid equals the target's real or saved uid.
bool may_signal(const Proc& s, const Proc& t) {
  if (is_root(s)) return true;
  return s.creds.ruid == t.creds.ruid || s.creds.ruid == t.creds.suid || s.creds.euid == t.creds.ruid ||
         s.creds.euid == t.creds.suid;
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

constexpr uint64_t kSaResetHand = 0x80000000;  // SA_RESETHAND (Linux)

bool is_stop_signal(uint64_t sig) {
  return sig == uapi::kSIGSTOP || sig == uapi::kSIGTSTP || sig == uapi::kSIGTTIN || sig == uapi::kSIGTTOU;
}

// Job control (default action of the stop signals / SIGCONT): every thread
// suspended or resumed, the parent told (job_changed). Suspending ends the
// calls the threads were blocked in; the reply caps procmgr saved for them
// die with those calls (reply_saved/reply_joiner then report nobody took
// the answer). A process procmgr holds no objects of (init, a
// PM_REGISTERed one without GRANT) cannot be stopped: the signal is only
// recorded.
void stop_process(Procmgr& pm, Proc& t, uint64_t sig) {
  if (!t.has_objects) {
    t.pending_signals |= uint64_t{1} << sig;
    return;
  }
  if (t.stopped) return;
  t.stopped = true;
  pm.ops.set_stopped(pm.index_of(&t), true);
  stop_threads(pm, t, true);
  t.job_status = static_cast<uint64_t>(uapi::wait_status_stopped(static_cast<int>(sig)));
  job_changed(pm, t);
}

void continue_process(Procmgr& pm, Proc& t) {
  if (!t.stopped) return;
  t.stopped = false;
  if (!t.suspended) pm.ops.set_stopped(pm.index_of(&t), false);  // a START_SUSPENDED one waits for PM_RESUME
  stop_threads(pm, t, false);
  t.job_status = static_cast<uint64_t>(uapi::kWaitStatusContinued);
  job_changed(pm, t);
}

}  // namespace

uint64_t Service::pm_kill(const PmKill::In& in, PmKill::Reply&, proto::Call& call) {
  uint64_t st = send_signal(pm, me, kill_target(me, in.pid), in.sig);
  if (me.state != ProcState::kRunning) call.defer();  // it killed itself
  return st;
}

uint64_t Service::pm_kill_pgid(const PmKillPgid::In& in, PmKillPgid::Reply&, proto::Call& call) {
  if (in.pgid == 0 || in.pgid > 0x7FFFFFFF) return TRONA_INVALID_ARGUMENT;
  uint64_t st = send_signal(pm, me, {Target::kGroup, in.pgid}, in.sig);
  if (me.state != ProcState::kRunning) call.defer();
  return st;
}

// A new action only when the request has more than the signal word: the
// message length, which the layout cannot name (uapi/proto/procmgr.idl).
uint64_t Service::pm_sigaction(const PmSigaction::In& in, PmSigaction::Reply& out, proto::Call& call) {
  const uint64_t sig = in.sig;
  if (sig == 0 || sig >= kSignalCount) return TRONA_INVALID_ARGUMENT;
  SigAction old = me.actions[sig];
  if (call.rq.length >= 2) {
    if (sig == uapi::kSIGKILL || sig == uapi::kSIGSTOP) return TRONA_INVALID_ARGUMENT;
    me.actions[sig] = SigAction{in.handler, in.flags, in.mask};
    if (in.dispatcher != 0) me.dispatcher_va = in.dispatcher;
    // POSIX: setting SIG_IGN discards a pending instance.
    if (in.handler == static_cast<uint64_t>(uapi::kSIG_IGN)) me.pending_signals &= ~(uint64_t{1} << sig);
  }
  out.handler = old.handler;
  out.flags = old.flags;
  out.mask = old.mask;
  return TRONA_OK;
}

// SIGCONT continues a stopped process whatever its disposition (POSIX).
// Then SIGKILL and SIG_DFL: the Linux default (terminate; stop for the
// stop signals; the rest recorded in pending_signals). SIG_IGN:
// discarded. A handler: handed to the process's signal notification (bit
// n; the kernel interrupts the main thread's call and runs its
// dispatcher, which runs the handler); recorded in pending_signals only
// while that fails. A call to procmgr the kernel interrupts this way keeps
// its saved reply cap here, dead: answering it later fails and nothing is
// consumed (the zombie stays for the next wait, the thread stays joinable).
void deliver(Procmgr& pm, Proc& t, uint64_t sig) {
  if (sig == 0 || sig >= kSignalCount || !alive(t)) return;
  const uint64_t bit = uint64_t{1} << sig;
  if (sig == uapi::kSIGCONT) continue_process(pm, t);
  SigAction& a = t.actions[sig];
  if (sig == uapi::kSIGKILL || a.handler == static_cast<uint64_t>(uapi::kSIG_DFL)) {
    if (sig == uapi::kSIGKILL || default_terminates(sig)) {
      t.pending_signals |= bit;
      terminate(pm, t, uapi::wait_status_signaled(static_cast<int>(sig)));
    } else if (is_stop_signal(sig)) {
      stop_process(pm, t, sig);
    } else {
      t.pending_signals |= bit;
    }
    return;
  }
  if (a.handler == static_cast<uint64_t>(uapi::kSIG_IGN)) return;
  if (pm.ops.raise_signal(pm.index_of(&t), sig, t.dispatcher_va) != TRONA_OK) {
    t.pending_signals |= bit;
    return;
  }
  t.pending_signals &= ~bit;
  if ((a.flags & kSaResetHand) != 0) a = SigAction();
}

void reset_handlers_for_exec(Proc& p) {
  for (SigAction& a : p.actions)
    if (a.handler != static_cast<uint64_t>(uapi::kSIG_IGN)) a = SigAction();
}

}  // namespace procmgr::detail

namespace procmgr {

using detail::alive;
using detail::deliver;
using detail::kSignalCount;

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

}  // namespace procmgr
