#include "trona/posix/signal.h"

#include "trona/core/code.h"
#include "trona/posix/errno.h"
#include "trona/core/process_local.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

namespace {

constexpr int kNsig = uapi::kNSIG;
constexpr uint64_t kSaResetHand = 0x80000000;

struct SignalTable {
  SignalHandler handler[kNsig];
  uint64_t flags[kNsig];
};

SignalTable& table() { return process_local<SignalTable>(); }

void ignore_marker(int) {}

// Runs on the interrupted thread with the kernel's frame: the handler of
// every signal bit in it, then back (NOTIF_RETURN).
void dispatch(uapi::NotifFrame* frame) {
  SignalTable& t = table();
  for (int sig = 1; sig < kNsig; ++sig) {
    if ((frame->bits & (uint64_t{1} << sig)) == 0) continue;
    SignalHandler h = t.handler[sig];
    if ((t.flags[sig] & kSaResetHand) != 0) t.handler[sig] = nullptr;  // procmgr reset it too
    if (h != nullptr) h(sig);
  }
  trona::notif_return(frame);
}

uint64_t handler_word(const SigAction& a) {
  if (a.ignore) return kSigIgn;
  if (a.handler == nullptr) return kSigDfl;
  return reinterpret_cast<uint64_t>(a.handler);
}

constexpr uint64_t kNsPerUs = 1000, kNsPerSec = 1'000'000'000;

uint64_t to_ns(const TimeVal& tv) {
  return static_cast<uint64_t>(tv.tv_sec) * kNsPerSec + static_cast<uint64_t>(tv.tv_usec) * kNsPerUs;
}
// Rounded up to the microsecond, as Linux reports a running timer.
TimeVal from_ns(uint64_t ns) {
  uint64_t us = (ns + kNsPerUs - 1) / kNsPerUs;
  return TimeVal{static_cast<int64_t>(us / 1'000'000), static_cast<int64_t>(us % 1'000'000)};
}

ItimerVal from_words(const ItimerNs& t) { return ItimerVal{from_ns(t.interval_ns), from_ns(t.value_ns)}; }

}  // namespace

int sigaction(int sig, const SigAction* act, SigAction* old) {
  if (sig <= 0 || sig >= kNsig) return fail(uapi::kEINVAL);
  SignalTable& t = table();
  SigActionWords w, prev;
  if (act != nullptr) w = SigActionWords{handler_word(*act), act->flags, act->mask, dispatcher_address(dispatch)};
  int e = ProcmgrClient().sigaction(sig, act ? &w : nullptr, &prev);
  if (e != 0) return fail(e);
  if (old != nullptr) {
    old->ignore = prev.handler == kSigIgn;
    old->handler = prev.handler > kSigIgn ? t.handler[sig] : nullptr;
    old->flags = prev.flags;
    old->mask = prev.mask;
  }
  if (act != nullptr) {
    t.handler[sig] = w.handler > kSigIgn ? act->handler : nullptr;
    t.flags[sig] = act->flags;
  }
  return 0;
}

SignalHandler ignored_handler() { return ignore_marker; }

SignalHandler signal(int sig, SignalHandler handler) {
  SigAction act, old;
  act.ignore = handler == ignore_marker;
  act.handler = act.ignore ? nullptr : handler;
  act.flags = static_cast<uint64_t>(uapi::kSA_RESTART);
  if (sigaction(sig, &act, &old) != 0) return nullptr;
  return old.ignore ? ignore_marker : old.handler;
}

int kill(int pid, int sig) { return result(ProcmgrClient().kill(pid, sig)); }

int killpg(int pgrp, int sig) {
  if (pgrp <= 1) return fail(uapi::kEINVAL);
  return result(ProcmgrClient().kill_pgrp(static_cast<uint64_t>(pgrp), sig));
}

int raise(int sig) {
  uint64_t pid = 0;
  ProcmgrClient pm;
  int e = pm.getpid(&pid);
  if (e == 0) e = pm.kill(static_cast<int32_t>(pid), sig);
  return result(e);
}

int setitimer(int which, const ItimerVal* value, ItimerVal* old) {
  if (value == nullptr || value->it_value.tv_usec < 0 || value->it_value.tv_usec >= 1'000'000 ||
      value->it_interval.tv_usec < 0 || value->it_interval.tv_usec >= 1'000'000 || value->it_value.tv_sec < 0 ||
      value->it_interval.tv_sec < 0)
    return fail(uapi::kEINVAL);
  ItimerNs prev;
  int e = ProcmgrClient().setitimer(which, ItimerNs{to_ns(value->it_value), to_ns(value->it_interval)}, &prev);
  if (e != 0) return fail(e);
  if (old != nullptr) *old = from_words(prev);
  return 0;
}

int getitimer(int which, ItimerVal* cur) {
  ItimerNs now;
  int e = ProcmgrClient().getitimer(which, &now);
  if (e != 0) return fail(e);
  if (cur != nullptr) *cur = from_words(now);
  return 0;
}

unsigned alarm(unsigned seconds) {
  ItimerNs prev;
  if (ProcmgrClient().setitimer(uapi::kITIMER_REAL, ItimerNs{uint64_t{seconds} * kNsPerSec, 0}, &prev) != 0) return 0;
  return static_cast<unsigned>((prev.value_ns + kNsPerSec - 1) / kNsPerSec);
}

}  // namespace trona::posix
