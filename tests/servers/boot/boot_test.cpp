// init boots the system from the initrd (kernel-abi.md §1.3): hw::Machine
// with a cpio initrd (services/*.service + program images), kmodel::Kernel,
// init as the root task running trona_program_init (sim/programs
// run_init). Checks the console (DEBUG_PUTSTR output) for the boot order,
// the first program, and the boot errors.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "hw_model/boot/cpio.h"
#include "hw_model/machine.h"
#include "kernel_model/kernel.h"
#include "sim/programs/programs.h"
#include "sim/sched/scheduler.h"

namespace {

std::string image(const std::string& entry) { return "#!trona-image v1\nentry=" + entry + "\n"; }

using Files = std::map<std::string, std::string>;

// The standard system: procmgr (spawned by init, the pager for now),
// namesrv and rsrcsrv (through procmgr), hello.
Files standard_system() {
  return {
      {"services/procmgr.service",
       "[Service]\nName=procmgr\nBinary=bin/procmgr\nCNodeBits=12\nMemoryKB=8192\nRole=pager\n"},
      {"services/namesrv.service", "[Service]\nName=namesrv\nBinary=bin/namesrv\n"},
      {"services/rsrcsrv.service",
       "[Service]\nName=rsrcsrv\nBinary=bin/rsrcsrv\n[Dependencies]\nAfter=namesrv\n"},
      {"bin/procmgr", image("procmgr")},
      {"bin/namesrv", image("namesrv")},
      {"bin/rsrcsrv", image("rsrcsrv")},
      {"bin/hello", image("hello")},
  };
}

struct BootResult {
  sim::RunResult run = sim::RunResult::Idle;
  int init_status = -1;
  std::string console;
};

BootResult boot(const Files& files) {
  sim::Scheduler sched(sim::SchedulerOptions{.seed = 7});
  hw::MachineConfig cfg;
  cfg.name = "m0";
  cfg.ram_bytes = 64ull << 20;
  hw::CpioBuilder initrd;
  initrd.add_dir("services");
  for (const auto& [path, text] : files) initrd.add_file(path, text);
  cfg.initrd = initrd.build();
  hw::Machine machine(sched.clock(), sched.seeds(), std::move(cfg));
  kmodel::Kernel k(sched, &machine);
  saltysim::programs::install_image_start(k);
  BootResult r;
  k.create_root_task([&] { r.init_status = saltysim::programs::run_init(k); });
  r.run = sched.run(sim::RunLimits{.until = sim::VTime{60} * 1'000'000'000});
  r.console = k.debug_output();
  return r;
}

size_t pos(const std::string& hay, const std::string& needle) { return hay.find(needle); }

TEST(InitBoot, StartsServicesInDependencyOrderAndRunsHello) {
  BootResult r = boot(standard_system());
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_EQ(r.init_status, 0);
  size_t pm = pos(r.console, "init: started procmgr\n"), ns = pos(r.console, "init: started namesrv\n"),
         rs = pos(r.console, "init: started rsrcsrv\n"), hello = pos(r.console, "hello: hello from the initrd\n");
  ASSERT_NE(pm, std::string::npos);
  ASSERT_NE(ns, std::string::npos);
  ASSERT_NE(rs, std::string::npos);
  ASSERT_NE(hello, std::string::npos);
  EXPECT_LT(pm, ns);
  EXPECT_LT(ns, rs);
  EXPECT_LT(rs, hello);
  EXPECT_NE(pos(r.console, "root untypeds handed to rsrcsrv"), std::string::npos);
  EXPECT_NE(pos(r.console, "init: exited: bin/hello (status 0)"), std::string::npos);
}

TEST(InitBoot, BeforeReordersTheProcmgrGroup) {
  Files f = standard_system();
  f["services/rsrcsrv.service"] = "[Service]\nName=rsrcsrv\nBinary=bin/rsrcsrv\n[Dependencies]\nBefore=namesrv\n";
  BootResult r = boot(f);
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.init_status, 0);
  EXPECT_LT(pos(r.console, "init: started rsrcsrv"), pos(r.console, "init: started namesrv"));
  EXPECT_NE(pos(r.console, "hello: hello from the initrd"), std::string::npos);
}

// A boot error: init prints it naming unit and line, starts nothing, exits 1.
void expect_boot_error(const Files& f, const std::string& text) {
  BootResult r = boot(f);
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.init_status, 1);
  EXPECT_NE(pos(r.console, "init: boot error: " + text), std::string::npos);
  EXPECT_NE(pos(r.console, "init: boot failed"), std::string::npos);
  EXPECT_EQ(pos(r.console, "init: started"), std::string::npos);
  EXPECT_EQ(pos(r.console, "hello:"), std::string::npos);
}

TEST(InitBootError, MissingDependency) {
  Files f = standard_system();
  f["services/rsrcsrv.service"] = "[Service]\nName=rsrcsrv\nBinary=bin/rsrcsrv\n[Dependencies]\nAfter=vfs\n";
  expect_boot_error(f, "rsrcsrv.service:5: After names unknown service 'vfs'");
}

TEST(InitBootError, DependencyCycle) {
  Files f = standard_system();
  f["services/namesrv.service"] = "[Service]\nName=namesrv\nBinary=bin/namesrv\n[Dependencies]\nAfter=rsrcsrv\n";
  BootResult r = boot(f);
  expect_boot_error(f, "");
  EXPECT_NE(pos(r.console, "dependency cycle"), std::string::npos) << r.console;
  EXPECT_NE(pos(r.console, "namesrv.service:5 After=rsrcsrv"), std::string::npos) << r.console;
  EXPECT_NE(pos(r.console, "rsrcsrv.service:5 After=namesrv"), std::string::npos) << r.console;
}

TEST(InitBootError, MalformedLine) {
  Files f = standard_system();
  f["services/namesrv.service"] = "[Service]\nName=namesrv\nthis is not a key\nBinary=bin/namesrv\n";
  expect_boot_error(f, "namesrv.service:3: ");
}

TEST(InitBootError, NoPager) {
  Files f = standard_system();
  f["services/procmgr.service"] = "[Service]\nName=procmgr\nBinary=bin/procmgr\nCNodeBits=12\n";
  expect_boot_error(f, "services: no service has Role=pager");
}

TEST(InitBootError, TwoPagers) {
  Files f = standard_system();
  f["services/namesrv.service"] = "[Service]\nName=namesrv\nBinary=bin/namesrv\nRole=pager\n";
  expect_boot_error(f, "procmgr.service:6: second Role=pager service 'procmgr' (first: 'namesrv' at namesrv.service:4)");
}

TEST(InitBootError, NoInitrdServices) {
  expect_boot_error({{"bin/hello", image("hello")}}, "services: no services/*.service in the initrd");
}

}  // namespace
