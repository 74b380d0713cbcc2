// What init hands procmgr (labels 60/61, §1.5 PM_REGISTER): every unit's
// definition and every init-built service's endpoint as a provider, seen
// through procmgr's replies (init counts the OK ones; procmgr's tables
// fill up and refuse the rest). Only init's badge may register (a copy of
// its endpoint cannot be handed on: MINT strips GRANT), so no other
// process can probe them. And two machines boot at the same time in one
// host process (init's state is per process).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "boot_harness.h"
#include "sim/host/programs/programs.h"
#include "trona/core/syscall.h"
#include "uapi/kernel_abi.h"
#include "uapi/linux_numbers.h"

namespace {

using namespace boot_test;

// Serves nothing: blocks in Recv on its endpoint for ever.
int idle_service(int, char**, char**) {
  for (;;) trona::recv(uapi::SLOT_BOOTSTRAP_PRIVATE_BASE);
}

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = 0; (at = hay.find(needle, at)) != std::string::npos; ++at) ++n;
  return n;
}

TEST(InitHandover, ProcmgrHasTheDefinitionsAndProviders) {
  Files f = standard_system();
  BootResult r = boot(f);
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  // Counted from procmgr's OK replies: 4 units, mmsrv the one provider
  // (procmgr itself is not one).
  EXPECT_NE(pos(r.console, "init: registered with procmgr: 4 service definitions, 1 provider\n"),
            std::string::npos);
  EXPECT_LT(pos(r.console, "init: started procmgr\n"), pos(r.console, "service definitions"));
  EXPECT_LT(pos(r.console, "service definitions"), pos(r.console, "init: started namesrv\n"));
  EXPECT_EQ(pos(r.console, "cannot register"), std::string::npos);
}

// procmgr keeps what it got: 32 definitions and 16 providers fit its
// tables (procmgr/state.h); the next ones are refused with ENOMEM, which
// init logs — and the system still boots.
TEST(InitHandover, ProcmgrTablesFillUp) {
  saltysim::programs::register_program("idle", &idle_service);
  Files f = standard_system();
  for (int i = 0; i < 30; ++i) {
    char name[8];
    std::snprintf(name, sizeof name, "svc%02d", i);
    // 17 init-built (+ mmsrv = 18 providers), 13 through procmgr (34 units).
    f["services/" + std::string(name) + ".service"] =
        "[Service]\nName=" + std::string(name) + "\nBinary=bin/idle\nMemoryKB=64\n" + (i < 17 ? "PreProcmgr=yes\n" : "");
  }
  f["bin/idle"] = image("idle");
  BootResult r = boot(f);
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_NE(pos(r.console, "init: registered with procmgr: 32 service definitions, 16 providers\n"),
            std::string::npos);
  const std::string enomem = " (status " + std::to_string(uapi::kENOMEM) + ")\n";
  EXPECT_EQ(count(r.console, "init: cannot register the definition of "), 2u);
  EXPECT_EQ(count(r.console, "init: cannot register the provider "), 2u);
  EXPECT_EQ(count(r.console, enomem), 4u);
  EXPECT_NE(pos(r.console, "hello: hello from the initrd\n"), std::string::npos);
}

// Two different systems booting at once on one scheduler: each init keeps
// its own units, plan and service records.
TEST(InitHandover, TwoMachinesBootAtTheSameTime) {
  saltysim::programs::register_program("alpha", &idle_service);
  Files a = standard_system(), b = standard_system();
  add_service(a, "alpha", "PreProcmgr=yes\nMemoryKB=64\n");
  b["services/namesrv.service"] = unit("namesrv", "Type=notify\n");
  sim::RunResult run = sim::RunResult::Deadlock;
  std::vector<BootResult> r = boot_together({a, b}, &run);
  ASSERT_EQ(r.size(), 2u);
  SCOPED_TRACE(r[0].console);
  SCOPED_TRACE(r[1].console);
  EXPECT_EQ(run, sim::RunResult::Idle);
  for (const BootResult& m : r) {
    EXPECT_EQ(m.init_status, kInitMonitoring);
    EXPECT_LT(pos(m.console, "init: started procmgr\n"), pos(m.console, "init: started namesrv\n"));
    EXPECT_LT(pos(m.console, "init: started namesrv\n"), pos(m.console, "init: started rsrcsrv\n"));
    EXPECT_NE(pos(m.console, "hello: hello from the initrd\n"), std::string::npos);
    EXPECT_NE(pos(m.console, "init: exited: bin/hello (status 0)\n"), std::string::npos);
    EXPECT_EQ(pos(m.console, "boot error"), std::string::npos);
  }
  EXPECT_NE(pos(r[0].console, "init: started alpha\n"), std::string::npos);
  EXPECT_NE(pos(r[0].console, "init: registered with procmgr: 5 service definitions, 2 providers"), std::string::npos);
  EXPECT_EQ(pos(r[1].console, "alpha"), std::string::npos);
  EXPECT_NE(pos(r[1].console, "init: namesrv ready\n"), std::string::npos);
  EXPECT_NE(pos(r[1].console, "init: registered with procmgr: 4 service definitions, 1 provider"), std::string::npos);
}

}  // namespace
