// trona/posix/signal.h — POSIX signals on procmgr (namespace trona::posix):
// sigaction/signal, kill/killpg/raise, setitimer/getitimer/alarm. Return
// values and errno as POSIX (errno.h).
//
//   void on_alarm(int) { ... }
//   trona::posix::signal(uapi::kSIGALRM, on_alarm);
//   trona::posix::alarm(2);        // SIGALRM after 2 s of (virtual) time
//
// How a handler runs: sigaction names this runtime's notification
// dispatcher to procmgr (PM_SIGACTION MR4), which installs it on the main
// thread (TCB_SET_NOTIFICATION_DISPATCHER) as it raises a caught signal n
// as bit n of a notification bound to that thread — also in a forked
// child, which inherits the dispositions and this table; the kernel
// interrupts the thread's blocking call (or its next one) and runs the
// dispatcher, which calls the handler of every bit in the frame and ends
// with NOTIF_RETURN. The interrupted call then returns EINTR when procmgr
// had already taken it (INTERRUPTED) and is re-sent when it had not
// (RESTART); the stubs of idempotent requests re-send after INTERRUPTED
// too. SA_RESTART is recorded but adds nothing to that. Handlers run on the
// main thread only; the mask and SA_NODEFER are recorded, not applied.
//
// The handler table is per process (process_local). Names: the host libc
// makes sa_handler & co. macros, so the fields here are plain words.
#pragma once

#include <stdint.h>

namespace trona::posix {

using SignalHandler = void (*)(int);

// SIG_DFL / SIG_IGN as handler words.
inline constexpr uint64_t kSigDfl = 0;
inline constexpr uint64_t kSigIgn = 1;

struct SigAction {
  SignalHandler handler = nullptr;  // nullptr = SIG_DFL; see ignore()
  bool ignore = false;              // SIG_IGN
  uint64_t mask = 0;                // sa_mask (recorded)
  uint64_t flags = 0;               // SA_* (SA_RESETHAND applied by procmgr)
};

int sigaction(int sig, const SigAction* act, SigAction* old);
// signal(2) with BSD semantics (the handler stays installed). Returns the
// previous handler; nullptr is SIG_DFL, and a previous SIG_IGN is
// reported as ignored_handler().
SignalHandler signal(int sig, SignalHandler handler);
SignalHandler ignored_handler();  // pass to signal() for SIG_IGN
int kill(int pid, int sig);
int killpg(int pgrp, int sig);
int raise(int sig);

struct TimeVal {
  int64_t tv_sec = 0, tv_usec = 0;
};
struct ItimerVal {
  TimeVal it_interval, it_value;
};
int setitimer(int which, const ItimerVal* value, ItimerVal* old);
int getitimer(int which, ItimerVal* cur);
// Seconds left of the previous alarm (rounded up), 0 if none.
unsigned alarm(unsigned seconds);

}  // namespace trona::posix
