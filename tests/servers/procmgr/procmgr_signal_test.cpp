// Signals over real IPC: sigaction through procmgr, caught signals run the
// handler on the target's thread (notification dispatcher) whether it is
// blocked in a call or takes the signal at its next one; SIG_IGN, default
// actions, permission and argument errors; ITIMER_REAL on virtual time.
// Programs use the POSIX layer (trona/posix/signal.h) and the stubs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pm_os.h"
#include "trona/posix/errno.h"
#include "trona/posix/process.h"
#include "trona/posix/signal.h"
#include "trona/posix/thread.h"
#include "trona/clients/procmgr_client.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

namespace {

using pmt::exit_code;
using pmt::now_ns;
using pmt::term_sig;
using trona::ProcmgrClient;
namespace posix = trona::posix;

constexpr uint64_t kMs = 1'000'000;
// Virtual time a handler may lag its deadline by (IPC costs, scheduling).
constexpr uint64_t kLatency = 200'000;

// What the programs saw (host globals: one test at a time).
std::vector<std::string> g_log;
std::vector<int> g_errs;
std::vector<uint64_t> g_times;
uint64_t g_t0 = 0;
uint64_t g_ticks = 0;

void reset() {
  g_ticks = 0;
  g_log.clear();
  g_errs.clear();
  g_times.clear();
  g_t0 = 0;
}

void on_usr1(int sig) { g_log.push_back("handler " + std::to_string(sig)); }
void on_alarm(int) { g_times.push_back(now_ns()); }

int install(int sig, posix::SignalHandler h) {
  posix::SigAction a;
  a.handler = h;
  return posix::sigaction(sig, &a, nullptr);
}

uint64_t spawn_sleeper() {
  uint64_t pid = 0;
  EXPECT_EQ(ProcmgrClient().spawn("bin/sleeper", nullptr, 0, &pid), 0);
  return pid;
}

void reap(uint64_t pid) {
  ProcmgrClient pm;
  EXPECT_EQ(pm.kill(static_cast<int32_t>(pid), uapi::kSIGKILL), 0);
  int st = 0;
  EXPECT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &st, nullptr), 0);
}

int prog_sleeper(int, char**, char**) {
  trona::nanosleep(uint64_t{3600} * 1000 * kMs);
  return 7;
}

// Catches SIGUSR1, then blocks in PM_WAIT for a child that never ends:
// the signal interrupts the wait (EINTR) after the handler ran.
int prog_wait_interrupted(int, char**, char**) {
  EXPECT_EQ(install(uapi::kSIGUSR1, on_usr1), 0);
  uint64_t kid = spawn_sleeper();
  int st = 0;
  g_errs.push_back(ProcmgrClient().wait(-1, 0, &st, nullptr));
  g_log.push_back("wait returned");
  reap(kid);
  return 0;
}

// Catches SIGUSR1 and sleeps (not in a call) while it arrives: the handler
// runs as the next call starts, and that call goes through.
int prog_next_call(int, char**, char**) {
  EXPECT_EQ(install(uapi::kSIGUSR1, on_usr1), 0);
  trona::nanosleep(2 * kMs);
  g_log.push_back("woke");
  uint64_t pid = 0;
  g_errs.push_back(ProcmgrClient().getpid(&pid));
  g_log.push_back("getpid " + std::to_string(pid != 0));
  return 0;
}

int prog_ignores_term(int, char**, char**) {
  EXPECT_EQ(posix::signal(uapi::kSIGTERM, posix::ignored_handler()), nullptr);  // old: SIG_DFL
  EXPECT_EQ(posix::signal(uapi::kSIGTERM, posix::ignored_handler()), posix::ignored_handler());
  return prog_sleeper(0, nullptr, nullptr);
}

int prog_catches_usr1_sleeps(int, char**, char**) {
  EXPECT_EQ(install(uapi::kSIGUSR1, on_usr1), 0);
  return prog_sleeper(0, nullptr, nullptr);
}

// An unprivileged process: kill errors.
int prog_unprivileged(int, char**, char**) {
  ProcmgrClient pm;
  EXPECT_EQ(pm.setuid(1000), 0);
  uint64_t self = 0;
  pm.getpid(&self);
  g_errs.push_back(posix::kill(1, uapi::kSIGUSR1) == -1 ? posix::errno_ref() : 0);     // init is root's
  g_errs.push_back(posix::kill(4242, uapi::kSIGUSR1) == -1 ? posix::errno_ref() : 0);  // no such process
  g_errs.push_back(posix::kill(static_cast<int>(self), 99) == -1 ? posix::errno_ref() : 0);
  g_errs.push_back(posix::killpg(1, uapi::kSIGUSR1) == -1 ? posix::errno_ref() : 0);   // pgrp 1 is not ours to use
  return 0;
}

// raise() runs the handler before it returns (PM_KILL to itself is
// interrupted: delivered).
int prog_raise(int, char**, char**) {
  EXPECT_EQ(install(uapi::kSIGUSR1, on_usr1), 0);
  g_errs.push_back(posix::raise(uapi::kSIGUSR1));
  g_log.push_back("raised");
  return 0;
}

// One SIGALRM 5 ms after setitimer, taken while blocked in PM_WAIT.
int prog_alarm_once(int, char**, char**) {
  EXPECT_EQ(install(uapi::kSIGALRM, on_alarm), 0);
  uint64_t kid = spawn_sleeper();
  g_t0 = now_ns();
  posix::ItimerVal v;
  v.it_value.tv_usec = 5000;
  EXPECT_EQ(posix::setitimer(uapi::kITIMER_REAL, &v, nullptr), 0);
  int st = 0;
  g_errs.push_back(ProcmgrClient().wait(-1, 0, &st, nullptr));
  reap(kid);
  return 0;
}

// Every 2 ms until three have come, then cancelled.
int prog_alarm_periodic(int, char**, char**) {
  EXPECT_EQ(install(uapi::kSIGALRM, on_alarm), 0);
  uint64_t kid = spawn_sleeper();
  g_t0 = now_ns();
  posix::ItimerVal v;
  v.it_value.tv_usec = 2000;
  v.it_interval.tv_usec = 2000;
  EXPECT_EQ(posix::setitimer(uapi::kITIMER_REAL, &v, nullptr), 0);
  ProcmgrClient pm;
  for (int i = 0; i < 10 && g_times.size() < 3; ++i) {
    int st = 0;
    g_errs.push_back(pm.wait(-1, 0, &st, nullptr));
  }
  posix::ItimerVal zero, old;
  EXPECT_EQ(posix::setitimer(uapi::kITIMER_REAL, &zero, &old), 0);
  EXPECT_EQ(old.it_interval.tv_sec, 0);
  EXPECT_EQ(old.it_interval.tv_usec, 2000);
  EXPECT_GT(old.it_value.tv_usec, 0);
  posix::ItimerVal now;
  EXPECT_EQ(posix::getitimer(uapi::kITIMER_REAL, &now), 0);
  EXPECT_EQ(now.it_value.tv_sec + now.it_value.tv_usec + now.it_interval.tv_usec, 0);
  reap(kid);
  return 0;
}

// getitimer shows what is left; cancelling with zero; alarm(); the CPU-time
// timers are refused.
int prog_itimer_get(int, char**, char**) {
  ProcmgrClient pm;
  EXPECT_EQ(pm.setitimer(uapi::kITIMER_REAL, {10 * kMs, 0}, nullptr), 0);
  trona::nanosleep(3 * kMs);
  trona::ItimerNs cur;
  EXPECT_EQ(pm.getitimer(uapi::kITIMER_REAL, &cur), 0);
  g_times.push_back(cur.value_ns);
  trona::ItimerNs old;
  EXPECT_EQ(pm.setitimer(uapi::kITIMER_REAL, {}, &old), 0);
  g_times.push_back(old.value_ns);
  EXPECT_EQ(pm.getitimer(uapi::kITIMER_REAL, &cur), 0);
  g_times.push_back(cur.value_ns);
  g_errs.push_back(pm.setitimer(uapi::kITIMER_VIRTUAL, {kMs, 0}, nullptr));
  g_errs.push_back(pm.getitimer(uapi::kITIMER_PROF, &cur));
  g_errs.push_back(static_cast<int>(posix::alarm(2)));
  g_errs.push_back(static_cast<int>(posix::alarm(0)));  // 2 s were left
  return 0;
}

// SIGALRM with the default action ends the process.
int prog_alarm_default(int, char**, char**) {
  posix::alarm(1);
  return prog_sleeper(0, nullptr, nullptr);
}

// Job control: a ticker counts while it runs; a self-stopper stops itself.
int prog_ticker(int, char**, char**) {
  for (;;) {
    ++g_ticks;
    trona::nanosleep(kMs);
  }
}
int prog_self_stopper(int, char**, char**) {
  trona::nanosleep(kMs);
  g_errs.push_back(posix::raise(uapi::kSIGSTOP));  // returns once continued
  g_log.push_back("continued");
  return 3;
}

// exec: caught signals go back to SIG_DFL, ignored ones stay ignored.
int prog_exec_reader(int, char**, char**) {
  ProcmgrClient pm;
  for (int sig : {uapi::kSIGUSR1, uapi::kSIGUSR2}) {
    trona::SigActionWords w;
    g_errs.push_back(pm.sigaction(sig, nullptr, &w));
    g_log.push_back("after exec " + std::to_string(sig) + ": " + std::to_string(w.handler));
  }
  return 0;
}
int prog_exec_with_handlers(int, char**, char**) {
  EXPECT_EQ(install(uapi::kSIGUSR1, on_usr1), 0);
  EXPECT_EQ(posix::signal(uapi::kSIGUSR2, posix::ignored_handler()), nullptr);
  char path[] = "bin/exec_reader";
  char* argv[] = {path, nullptr};
  char* envp[] = {nullptr};
  posix::execve(path, argv, envp);
  return 99;  // exec failed
}

// A second thread blocked in PM_WAIT is not disturbed by a signal that
// interrupts the main thread (blocked in PM_THREAD_JOIN, which is re-sent).
int prog_exits_later(int, char**, char**) {
  trona::nanosleep(5 * kMs);
  return 4;
}
void* waits_for_child(void*) {
  int st = -1;
  uint64_t who = 0;
  g_errs.push_back(ProcmgrClient().wait(-1, 0, &st, &who));
  return reinterpret_cast<void*>(static_cast<uintptr_t>(st));
}
int prog_thread_waits(int, char**, char**) {
  EXPECT_EQ(install(uapi::kSIGUSR1, on_usr1), 0);
  uint64_t kid = 0;
  EXPECT_EQ(ProcmgrClient().spawn("bin/exits_later", nullptr, 0, &kid), 0);
  posix::pthread_t t = 0;
  EXPECT_EQ(posix::pthread_create(&t, nullptr, waits_for_child, nullptr), 0);
  void* st = nullptr;
  g_errs.push_back(posix::pthread_join(t, &st));
  g_log.push_back("joined " + std::to_string(exit_code(static_cast<int>(reinterpret_cast<uintptr_t>(st)))));
  return 0;
}

// A call still waiting to be received (send-blocked) is re-sent after the
// handler ran (RESTART): the caller never sees the interruption.
constexpr uint64_t kServerSlot = 64;  // the child's endpoint of a server init plays
int prog_calls_server(int, char**, char**) {
  EXPECT_EQ(install(uapi::kSIGUSR1, on_usr1), 0);
  trona::SysResult r = trona::call(kServerSlot, uapi::msginfo(77, 0, 0));
  g_errs.push_back(static_cast<int>(r.error));
  g_log.push_back("answered " + std::to_string(trona::ipc_buffer()->mr(0)));
  return 0;
}

// A forked child inherits the handler and gets the dispatcher on its new
// thread: SIGUSR1 sent to it while it sleeps runs the handler at its next
// call.
void forked_child(uint64_t) {
  trona::nanosleep(2 * kMs);
  uint64_t pid = 0;
  g_errs.push_back(ProcmgrClient().getpid(&pid));
  g_log.push_back("child getpid");
}
int prog_fork_parent(int, char**, char**) {
  EXPECT_EQ(install(uapi::kSIGUSR1, on_usr1), 0);
  posix::pid_t child = posix::fork_to(forked_child, 0);
  EXPECT_GT(child, 0);
  trona::nanosleep(kMs);
  EXPECT_EQ(posix::kill(child, uapi::kSIGUSR1), 0);
  int st = -1;
  EXPECT_EQ(posix::waitpid(child, &st, 0), child);
  g_errs.push_back(exit_code(st));
  return 0;
}

pmt::PmOs make_os(bool with_pager = false) {
  reset();
  return pmt::PmOs({{"sleeper", prog_sleeper},
                    {"wait_interrupted", prog_wait_interrupted},
                    {"next_call", prog_next_call},
                    {"ignores_term", prog_ignores_term},
                    {"catches_usr1", prog_catches_usr1_sleeps},
                    {"unprivileged", prog_unprivileged},
                    {"raise", prog_raise},
                    {"alarm_once", prog_alarm_once},
                    {"alarm_periodic", prog_alarm_periodic},
                    {"itimer_get", prog_itimer_get},
                    {"alarm_default", prog_alarm_default},
                    {"fork_parent", prog_fork_parent},
                    {"ticker", prog_ticker},
                    {"calls_server", prog_calls_server},
                    {"exits_later", prog_exits_later},
                    {"thread_waits", prog_thread_waits},
                    {"exec_reader", prog_exec_reader},
                    {"exec_with_handlers", prog_exec_with_handlers},
                    {"self_stopper", prog_self_stopper}},
                   with_pager);
}

// init spawns `name`, lets it run for `ms` of virtual time, sends `sig`
// (0 = none), and waits for it: its wait status.
int run_child(pmt::PmOs& os, const char* name, uint64_t ms = 0, int sig = 0) {
  int status = -1;
  os.init([&] {
    ProcmgrClient pm;
    uint64_t pid = 0;
    const std::string path = std::string("bin/") + name;
    ASSERT_EQ(pm.spawn(path.c_str(), nullptr, 0, &pid), 0);
    if (ms != 0) trona::nanosleep(ms * kMs);
    if (sig != 0) {
      EXPECT_EQ(pm.kill(static_cast<int32_t>(pid), sig), 0);
    }
    ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &status, nullptr), 0);
  });
  EXPECT_TRUE(os.run());
  return status;
}

TEST(ProcmgrSignals, HandlerRunsInTargetBlockedInWaitWhichReturnsEintr) {
  pmt::PmOs os = make_os();
  int st = run_child(os, "wait_interrupted", 1, uapi::kSIGUSR1);
  EXPECT_EQ(exit_code(st), 0);
  EXPECT_EQ(g_log, (std::vector<std::string>{"handler 10", "wait returned"}));
  EXPECT_EQ(g_errs, (std::vector<int>{uapi::kEINTR}));
}

// The sleep is cut short by the caught signal (the kernel interrupts
// NANOSLEEP, issue 16 point 5): the handler runs first, then the thread
// goes on and its next call works.
TEST(ProcmgrSignals, ACaughtSignalInterruptsASleepAndTheHandlerRunsFirst) {
  pmt::PmOs os = make_os();
  int st = run_child(os, "next_call", 1, uapi::kSIGUSR1);
  EXPECT_EQ(exit_code(st), 0);
  EXPECT_EQ(g_log, (std::vector<std::string>{"handler 10", "woke", "getpid 1"}));
  EXPECT_EQ(g_errs, (std::vector<int>{0}));
}

TEST(ProcmgrSignals, RaiseRunsTheHandlerBeforeReturning) {
  pmt::PmOs os = make_os();
  int st = run_child(os, "raise");
  EXPECT_EQ(exit_code(st), 0);
  EXPECT_EQ(g_log, (std::vector<std::string>{"handler 10", "raised"}));
  EXPECT_EQ(g_errs, (std::vector<int>{0}));
}

TEST(ProcmgrSignals, IgnoredSignalIsDiscarded) {
  pmt::PmOs os = make_os();
  int status = -1;
  uint64_t pending = ~uint64_t{0};
  os.init([&] {
    ProcmgrClient pm;
    uint64_t pid = 0;
    ASSERT_EQ(pm.spawn("bin/ignores_term", nullptr, 0, &pid), 0);
    trona::nanosleep(kMs);
    EXPECT_EQ(pm.kill(static_cast<int32_t>(pid), uapi::kSIGTERM), 0);
    trona::nanosleep(kMs);
    EXPECT_EQ(pm.kill(static_cast<int32_t>(pid), 0), 0);  // still alive
    trona::ProcInfo info;
    ASSERT_EQ(pm.get_proc_info(pid, &info), 0);
    pending = info.pending_signals;
    EXPECT_EQ(pm.kill(static_cast<int32_t>(pid), uapi::kSIGKILL), 0);
    ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &status, nullptr), 0);
  });
  ASSERT_TRUE(os.run());
  EXPECT_EQ(pending & (uint64_t{1} << uapi::kSIGTERM), 0u);
  EXPECT_EQ(term_sig(status), uapi::kSIGKILL);
}

TEST(ProcmgrSignals, UncaughtSignalKeepsItsDefaultTerminateAndWaitStatus) {
  pmt::PmOs os = make_os();
  int st = run_child(os, "catches_usr1", 1, uapi::kSIGTERM);
  EXPECT_EQ(term_sig(st), uapi::kSIGTERM);
  EXPECT_TRUE(g_log.empty());
}

TEST(ProcmgrSignals, SigactionReturnsOldValuesAndRefusesKillStopAndBadSignals) {
  pmt::PmOs os = make_os();
  os.init([&] {
    ProcmgrClient pm;
    const trona::SigActionWords h{0x1234, static_cast<uint64_t>(uapi::kSA_RESTART), 0x6};
    trona::SigActionWords old{9, 9, 9};
    EXPECT_EQ(pm.sigaction(uapi::kSIGKILL, &h, &old), uapi::kEINVAL);
    EXPECT_EQ(pm.sigaction(uapi::kSIGSTOP, &h, &old), uapi::kEINVAL);
    const trona::SigActionWords ign{1, 0, 0};
    EXPECT_EQ(pm.sigaction(uapi::kSIGKILL, &ign, &old), uapi::kEINVAL);  // cannot be ignored either
    EXPECT_EQ(pm.sigaction(0, &h, &old), uapi::kEINVAL);
    EXPECT_EQ(pm.sigaction(32, nullptr, &old), uapi::kEINVAL);
    EXPECT_EQ(pm.sigaction(uapi::kSIGKILL, nullptr, &old), 0);  // reading is fine
    EXPECT_EQ(old.handler, 0u);
    EXPECT_EQ(pm.sigaction(uapi::kSIGUSR2, &h, &old), 0);
    EXPECT_EQ(old.handler + old.flags + old.mask, 0u);  // SIG_DFL
    EXPECT_EQ(pm.sigaction(uapi::kSIGUSR2, &ign, &old), 0);
    EXPECT_EQ(old.handler, 0x1234u);
    EXPECT_EQ(old.flags, static_cast<uint64_t>(uapi::kSA_RESTART));
    EXPECT_EQ(old.mask, 0x6u);
    EXPECT_EQ(pm.sigaction(uapi::kSIGUSR2, nullptr, &old), 0);
    EXPECT_EQ(old.handler, 1u);
    posix::SigAction a;
    EXPECT_EQ(posix::sigaction(uapi::kSIGKILL, nullptr, &a), 0);
    a.handler = on_usr1;
    EXPECT_EQ(posix::sigaction(uapi::kSIGSTOP, &a, nullptr), -1);
    EXPECT_EQ(posix::errno_ref(), uapi::kEINVAL);
  });
  ASSERT_TRUE(os.run());
}

TEST(ProcmgrSignals, KillErrorsAcrossUidsBadPidBadSignal) {
  pmt::PmOs os = make_os();
  run_child(os, "unprivileged");
  EXPECT_EQ(g_errs, (std::vector<int>{uapi::kEPERM, uapi::kESRCH, uapi::kEINVAL, uapi::kEINVAL}));
}

TEST(ProcmgrSignals, ItimerFiresSigalrmAfterItsVirtualTime) {
  pmt::PmOs os = make_os();
  int st = run_child(os, "alarm_once");
  EXPECT_EQ(exit_code(st), 0);
  ASSERT_EQ(g_times.size(), 1u);
  EXPECT_GE(g_times[0] - g_t0, 5 * kMs);
  EXPECT_LE(g_times[0] - g_t0, 5 * kMs + kLatency);
  EXPECT_EQ(g_errs, (std::vector<int>{uapi::kEINTR}));
}

TEST(ProcmgrSignals, PeriodicItimerRearmsEveryInterval) {
  pmt::PmOs os = make_os();
  int st = run_child(os, "alarm_periodic");
  EXPECT_EQ(exit_code(st), 0);
  ASSERT_EQ(g_times.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    uint64_t due = g_t0 + 2 * kMs * (i + 1);
    EXPECT_GE(g_times[i], due) << i;
    EXPECT_LE(g_times[i], due + kLatency) << i;
  }
  EXPECT_EQ(g_errs, (std::vector<int>{uapi::kEINTR, uapi::kEINTR, uapi::kEINTR}));
}

TEST(ProcmgrSignals, GetitimerShowsRemainingTimeAndZeroCancels) {
  pmt::PmOs os = make_os();
  int st = run_child(os, "itimer_get");
  EXPECT_EQ(exit_code(st), 0);
  ASSERT_EQ(g_times.size(), 3u);
  EXPECT_LE(g_times[0], 7 * kMs);
  EXPECT_GE(g_times[0], 7 * kMs - kLatency);
  EXPECT_LE(g_times[1], g_times[0]);
  EXPECT_GE(g_times[1], 7 * kMs - kLatency);
  EXPECT_EQ(g_times[2], 0u);
  EXPECT_EQ(g_errs, (std::vector<int>{uapi::kEINVAL, uapi::kEINVAL, 0, 2}));
}

TEST(ProcmgrSignals, UncaughtSigalrmTerminatesAtTheDeadline) {
  pmt::PmOs os = make_os();
  int st = run_child(os, "alarm_default");
  EXPECT_EQ(term_sig(st), uapi::kSIGALRM);
  EXPECT_GE(os.sched.now(), sim::VTime(1'000'000'000));
  EXPECT_LT(os.sched.now(), sim::VTime(1'000'000'000 + kLatency * 10));
}

TEST(ProcmgrSignals, ForkedChildInheritsTheHandlerAndGetsTheDispatcher) {
  pmt::PmOs os = make_os(/*with_pager=*/true);
  int st = run_child(os, "fork_parent");
  EXPECT_EQ(exit_code(st), 0);
  EXPECT_EQ(g_log, (std::vector<std::string>{"handler 10", "child getpid"}));
  EXPECT_EQ(g_errs, (std::vector<int>{0, 0}));
}

TEST(ProcmgrSignals, StopAndContinueSuspendTheProcessAndAreReportedOnceToWuntracedWcontinued) {
  pmt::PmOs os = make_os();
  os.init([&] {
    ProcmgrClient pm;
    uint64_t pid = 0, who = 0;
    int st = 0;
    const auto p = [&] { return static_cast<int32_t>(pid); };
    ASSERT_EQ(pm.spawn("bin/ticker", nullptr, 0, &pid), 0);
    trona::nanosleep(5 * kMs);
    EXPECT_EQ(pm.kill(p(), uapi::kSIGSTOP), 0);
    ASSERT_EQ(pm.wait(p(), uapi::kWUNTRACED, &st, &who), 0);
    EXPECT_EQ(who, pid);
    EXPECT_EQ(st, uapi::wait_status_stopped(uapi::kSIGSTOP));
    const uint64_t at_stop = g_ticks;
    EXPECT_GT(at_stop, 0u);
    trona::ProcInfo info;
    ASSERT_EQ(pm.get_proc_info(pid, &info), 0);
    EXPECT_EQ(info.state, 3u);  // stopped
    trona::nanosleep(10 * kMs);
    EXPECT_EQ(g_ticks, at_stop);  // a stopped process does not run
    ASSERT_EQ(pm.wait(p(), uapi::kWNOHANG | uapi::kWUNTRACED, &st, &who), 0);
    EXPECT_EQ(who, 0u);  // reported once
    ASSERT_EQ(pm.wait(p(), uapi::kWNOHANG, &st, &who), 0);
    EXPECT_EQ(who, 0u);  // not without WUNTRACED
    EXPECT_EQ(pm.kill(p(), uapi::kSIGCONT), 0);
    ASSERT_EQ(pm.wait(p(), uapi::kWCONTINUED, &st, &who), 0);
    EXPECT_EQ(st, uapi::kWaitStatusContinued);
    ASSERT_EQ(pm.get_proc_info(pid, &info), 0);
    EXPECT_EQ(info.state, 0u);  // running again
    trona::nanosleep(5 * kMs);
    EXPECT_GT(g_ticks, at_stop);  // runs again
    EXPECT_EQ(pm.kill(p(), uapi::kSIGTSTP), 0);
    ASSERT_EQ(pm.wait(p(), uapi::kWUNTRACED, &st, &who), 0);
    EXPECT_EQ(st, uapi::wait_status_stopped(uapi::kSIGTSTP));
    EXPECT_EQ(pm.kill(p(), uapi::kSIGKILL), 0);  // a stopped process can be killed
    ASSERT_EQ(pm.wait(p(), 0, &st, &who), 0);
    EXPECT_EQ(term_sig(st), uapi::kSIGKILL);
  });
  ASSERT_TRUE(os.run());
}

TEST(ProcmgrSignals, BlockedWuntracedWaitHearsOfASelfStopAndTheChildGoesOnAfterSigcont) {
  pmt::PmOs os = make_os();
  os.init([&] {
    ProcmgrClient pm;
    uint64_t pid = 0, who = 0;
    int st = 0;
    ASSERT_EQ(pm.spawn("bin/self_stopper", nullptr, 0, &pid), 0);
    ASSERT_EQ(pm.wait(-1, uapi::kWUNTRACED, &st, &who), 0);  // blocks until the stop
    EXPECT_EQ(who, pid);
    EXPECT_EQ(st, uapi::wait_status_stopped(uapi::kSIGSTOP));
    EXPECT_TRUE(g_log.empty());
    EXPECT_EQ(pm.kill(static_cast<int32_t>(pid), uapi::kSIGCONT), 0);
    ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &st, &who), 0);
    EXPECT_EQ(exit_code(st), 3);
  });
  ASSERT_TRUE(os.run());
  EXPECT_EQ(g_log, (std::vector<std::string>{"continued"}));
  EXPECT_EQ(g_errs, (std::vector<int>{0}));
}

TEST(ProcmgrSignals, ExecResetsCaughtSignalsAndKeepsIgnoredOnes) {
  pmt::PmOs os = make_os(/*with_pager=*/true);
  int st = run_child(os, "exec_with_handlers");
  EXPECT_EQ(exit_code(st), 0);
  EXPECT_EQ(g_log, (std::vector<std::string>{"after exec 10: 0", "after exec 12: 1"}));
  EXPECT_EQ(g_errs, (std::vector<int>{0, 0}));
}

TEST(ProcmgrSignals, SignalToTheMainThreadLeavesAnotherThreadsWaitAlone) {
  pmt::PmOs os = make_os();
  int st = run_child(os, "thread_waits", 1, uapi::kSIGUSR1);
  EXPECT_EQ(exit_code(st), 0);
  EXPECT_EQ(g_log, (std::vector<std::string>{"handler 10", "joined 4"}));
  EXPECT_EQ(g_errs, (std::vector<int>{0, 0}));  // the thread's wait, the main thread's join
}

TEST(ProcmgrSignals, SendBlockedCallRestartsAfterTheHandler) {
  pmt::PmOs os = make_os();
  kmodel::Endpoint& server = os.k.new_endpoint();
  constexpr uint64_t kGive = 150, kServe = 151, kCaller = 152;
  int status = -1;
  kmodel::Process init = os.init([&] {
    ProcmgrClient pm;
    uint64_t pid = 0;
    const auto suspended = trona::SpawnOptions{.flags = uapi::procmgr::kSpawnFlagStartSuspended};
    ASSERT_EQ(pm.spawn("bin/calls_server", nullptr, 0, &pid, suspended), 0);
    ASSERT_EQ(pm.inject_cap(pid, kServerSlot, kGive), 0);
    ASSERT_EQ(pm.resume(pid), 0);
    trona::nanosleep(kMs);  // the child is send-blocked on the server
    EXPECT_EQ(pm.kill(static_cast<int32_t>(pid), uapi::kSIGUSR1), 0);
    trona::nanosleep(kMs);
    EXPECT_EQ(g_log, (std::vector<std::string>{"handler 10"}));  // ran; the call waits again
    trona::SysResult r = trona::recv(kServe);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(trona::ipc_buffer()->msg[uapi::kIpcMsgLabel], 77u);
    ASSERT_EQ(trona::invoke(uapi::SLOT_SELF_CNODE, uapi::CNODE_SAVE_CALLER, kCaller).error, 0u);
    EXPECT_TRUE(trona::send(kCaller, uapi::msginfo(0, 1, 0), 1234).ok());
    ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &status, nullptr), 0);
  });
  os.k.install(*init.cnode, kGive, server);
  os.k.install(*init.cnode, kServe, server);
  ASSERT_TRUE(os.run());
  EXPECT_EQ(exit_code(status), 0);
  EXPECT_EQ(g_log, (std::vector<std::string>{"handler 10", "answered 1234"}));
  EXPECT_EQ(g_errs, (std::vector<int>{0}));
}

}  // namespace
