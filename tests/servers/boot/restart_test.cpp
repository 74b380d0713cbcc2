// init monitors its children for the life of the system (kernel-abi.md
// §1.3 step 9): Restart= (always / on-failure / no, at most 5 restarts)
// applies after the first program ended too, to services procmgr spawned
// and to services init built itself (PreProcmgr=yes, registered with
// PM_REGISTER so their exit reaches init's PM_WAIT). And a system whose
// only waiters are servers in Recv and init in PM_WAIT ends idle, while a
// real deadlock is still one.
#include <gtest/gtest.h>

#include <string>

#include "boot_harness.h"
#include "sim/host/programs/programs.h"
#include "trona/core/syscall.h"
#include "uapi/kernel_abi.h"

namespace {

using namespace boot_test;

int g_starts = 0;

// First start: lives 100 ms (well after bin/hello ended), then exits with
// the status in argv[1]; later starts serve.
int phoenix(int argc, char** argv, char**) {
  if (g_starts++ == 0) {
    trona::nanosleep(100'000'000);
    say("phoenix: leaving at " + std::to_string(now_ms()) + " ms\n");
    return argc > 1 ? std::stoi(argv[1]) : 0;
  }
  say("phoenix: up again\n");
  for (;;) trona::recv(uapi::SLOT_BOOTSTRAP_PRIVATE_BASE);
}

// Ends at once, every time.
int flappy(int, char**, char**) {
  ++g_starts;
  return 1;
}

Files with_phoenix(const std::string& extra) {
  saltysim::programs::register_program("phoenix", &phoenix);
  g_starts = 0;
  Files f = standard_system();
  add_service(f, "phoenix", extra);
  return f;
}

// The log shows: the first program ended, then phoenix ended with
// exit status `status`, then (if restarted) init restarted it and it came up again.
void expect_late_exit(const BootResult& r, int status) {
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_EQ(r.init_status, kInitMonitoring);
  const size_t first = pos(r.console, "init: exited: bin/hello (status 0)\n"),
               left = pos(r.console, "phoenix: leaving at 100 ms\n"),
               exited = pos(r.console, "init: service exited: phoenix (status " + std::to_string(status) + ")\n");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(left, std::string::npos);
  ASSERT_NE(exited, std::string::npos);
  EXPECT_LT(first, left);
  EXPECT_LT(left, exited);
}

void expect_restarted(const BootResult& r) {
  const size_t exited = pos(r.console, "init: service exited: phoenix"),
               restarted = pos(r.console, "init: restarted phoenix\n");
  ASSERT_NE(restarted, std::string::npos);
  EXPECT_LT(exited, restarted);
  EXPECT_NE(pos(r.console, "phoenix: up again\n"), std::string::npos);
  EXPECT_EQ(g_starts, 2);
}

void expect_left_down(const BootResult& r) {
  EXPECT_EQ(pos(r.console, "init: restarted phoenix"), std::string::npos);
  EXPECT_EQ(g_starts, 1);
}

TEST(InitMonitor, RestartAlwaysRestartsAProcmgrSpawnedServiceAfterTheFirstProgramEnded) {
  BootResult r = boot(with_phoenix("Args=0\nRestart=always\n"));
  SCOPED_TRACE(r.console);
  expect_late_exit(r, 0);
  expect_restarted(r);
}

TEST(InitMonitor, RestartOnFailureIgnoresACleanExit) {
  BootResult r = boot(with_phoenix("Args=0\nRestart=on-failure\n"));
  SCOPED_TRACE(r.console);
  expect_late_exit(r, 0);
  expect_left_down(r);
}

TEST(InitMonitor, RestartOnFailureRestartsAnInitSpawnedServiceAfterTheFirstProgramEnded) {
  BootResult r = boot(with_phoenix("Args=1\nRestart=on-failure\nPreProcmgr=yes\n"));
  SCOPED_TRACE(r.console);
  expect_late_exit(r, 1);
  expect_restarted(r);
  // It was (and is again) a procmgr process: registered both times.
  EXPECT_EQ(pos(r.console, "cannot register"), std::string::npos);
  EXPECT_LT(pos(r.console, "init: started phoenix\n"), pos(r.console, "init: started procmgr\n"));
}

TEST(InitMonitor, RestartNoLeavesAnInitSpawnedServiceDown) {
  BootResult r = boot(with_phoenix("Args=1\nRestart=no\nPreProcmgr=yes\n"));
  SCOPED_TRACE(r.console);
  expect_late_exit(r, 1);
  expect_left_down(r);
}

TEST(InitMonitor, RestartsStopAtTheLimit) {
  for (const char* pre : {"no", "yes"}) {
    SCOPED_TRACE(std::string("PreProcmgr=") + pre);
    saltysim::programs::register_program("flappy", &flappy);
    g_starts = 0;
    Files f = standard_system();
    // After=procmgr: an init-built service is registered before it runs
    // only once procmgr runs (one that ends earlier is not seen, README).
    add_service(f, "flappy", std::string("Restart=always\nPreProcmgr=") + pre + "\n[Dependencies]\nAfter=procmgr\n");
    BootResult r = boot(f);
    SCOPED_TRACE(r.console);
    EXPECT_EQ(r.run, sim::RunResult::Idle);
    EXPECT_EQ(g_starts, 6);  // the start and 5 restarts
    size_t n = 0;
    for (size_t at = 0; (at = r.console.find("init: restarted flappy\n", at)) != std::string::npos; ++at) ++n;
    EXPECT_EQ(n, 5u);
    EXPECT_NE(pos(r.console, "init: restart limit reached, left down: flappy\n"), std::string::npos);
  }
}

// Blocks on its readiness notification (an idle wait) without serving.
int sleeper_on_notification(int, char**, char**) {
  trona::wait(uapi::SLOT_READINESS_NTFN);
  return 0;
}

// Calls a service that never receives.
int caller(int, char**, char**) {
  say("caller: calling\n");
  trona::call(64, 0);
  return 0;
}

TEST(InitMonitor, IdleSystemEndsIdleButARealDeadlockIsStillOne) {
  BootResult idle = boot(standard_system());
  SCOPED_TRACE(idle.console);
  EXPECT_EQ(idle.run, sim::RunResult::Idle);
  EXPECT_EQ(idle.init_status, kInitMonitoring);  // blocked in PM_WAIT for ever
  EXPECT_EQ(pos(idle.console, "no children left"), std::string::npos);

  saltysim::programs::register_program("deaf", &sleeper_on_notification);
  saltysim::programs::register_program("caller", &caller);
  Files f = standard_system();
  add_service(f, "deaf");
  add_service(f, "caller", "[Dependencies]\nAfter=deaf\n[Capabilities]\nNeedEP=deaf:64\n");
  BootResult stuck = boot(f);
  SCOPED_TRACE(stuck.console);
  EXPECT_NE(pos(stuck.console, "caller: calling\n"), std::string::npos);
  EXPECT_EQ(stuck.run, sim::RunResult::Deadlock);
}

}  // namespace
