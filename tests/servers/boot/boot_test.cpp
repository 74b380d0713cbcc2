// init boots the system from the initrd (kernel-abi.md §1.3), see
// boot_harness.h. Checks the console (DEBUG_PUTSTR output) for the boot
// order, the first program, the boot errors, and that init keeps
// monitoring (it never returns) while the run still ends idle.
#include <gtest/gtest.h>

#include <string>

#include "boot_harness.h"
#include "sim/host/programs/programs.h"
#include "trona/clients/mmsrv_client.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"

namespace {

using namespace boot_test;

TEST(InitBoot, StartsServicesInDependencyOrderAndRunsHello) {
  BootResult r = boot(standard_system());
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_EQ(r.init_status, kInitMonitoring);
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

// First program: grows the heap (MM_SBRK) and maps anonymous memory
// (MM_MMAP) through mmsrv's stubs, then touches both: every fresh page
// reads zero (demand-zero by mmsrv, the pager procmgr set at spawn).
int touch_fresh_memory(int, char**, char**) {
  trona::MmsrvClient mm;
  uint64_t heap = 0, map = 0;
  if (int e = mm.sbrk(2 * 4096, &heap); e != 0) return say("touch: sbrk failed " + std::to_string(e) + "\n"), 2;
  if (int e = mm.mmap(0, 3 * 4096, uapi::kPROT_READ | uapi::kPROT_WRITE, uapi::kMAP_PRIVATE | uapi::kMAP_ANONYMOUS,
                      &map);
      e != 0)
    return say("touch: mmap failed " + std::to_string(e) + "\n"), 3;
  for (uint64_t base : {heap, map})
    for (uint64_t off = 0; off < 2 * 4096; off += 512)
      if (booting_kernel()->load<uint64_t>(base + off) != 0) return say("touch: not zero\n"), 4;
  booting_kernel()->store<uint64_t>(map + 8, 0x5A17);
  if (booting_kernel()->load<uint64_t>(map + 8) != 0x5A17) return say("touch: store lost\n"), 5;
  trona::MmStats st;
  if (mm.stats(0, &st) != 0) return 6;
  say("touch: zeros; resident " + std::to_string(st.resident_pages) + ", faults " + std::to_string(st.faults) + "\n");
  return 0;
}

TEST(InitBoot, FirstProgramGetsDemandZeroMemoryFromMmsrv) {
  saltysim::programs::register_program("touch", &touch_fresh_memory);
  Files f = standard_system();
  f["bin/touch"] = image("touch");
  f["etc/init/first"] = "bin/touch\n";
  BootResult r = boot(f);
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_EQ(r.init_status, kInitMonitoring);
  EXPECT_NE(pos(r.console, "init: started mmsrv\n"), std::string::npos);
  EXPECT_NE(pos(r.console, "touch: zeros; resident "), std::string::npos);
  EXPECT_NE(pos(r.console, "init: exited: bin/touch (status 0)"), std::string::npos);
}

// Writes to a page it made read-only: mmsrv refuses the fault, procmgr
// (its fault observer) delivers SIGSEGV, whose default action ends it.
int write_read_only(int, char**, char**) {
  trona::MmsrvClient mm;
  uint64_t va = 0;
  if (mm.mmap(0, 4096, uapi::kPROT_READ | uapi::kPROT_WRITE, uapi::kMAP_PRIVATE | uapi::kMAP_ANONYMOUS, &va) != 0)
    return 2;
  booting_kernel()->store<uint64_t>(va, 1);
  if (mm.mprotect(va, 4096, uapi::kPROT_READ) != 0) return 3;
  say("segv: writing to a read-only page\n");
  booting_kernel()->store<uint64_t>(va, 2);
  say("segv: the write went through\n");
  return 4;
}

// First program: spawns bin/segv and reports its wait status.
int spawn_segv(int, char**, char**) {
  trona::ProcmgrClient pm;
  uint64_t pid = 0;
  if (int e = pm.spawn("bin/segv", nullptr, 0, &pid); e != 0) return say("parent: spawn " + std::to_string(e) + "\n"), 2;
  int status = 0;
  uint64_t child = 0;
  if (int e = pm.wait(static_cast<int32_t>(pid), 0, &status, &child); e != 0)
    return say("parent: wait " + std::to_string(e) + "\n"), 3;
  const bool signaled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f;
  say("parent: child " + std::to_string(child) + (signaled ? " killed by signal " : " exited ") +
      std::to_string(signaled ? status & 0x7f : (status >> 8) & 0xff) + "\n");
  return 0;
}

TEST(InitBoot, WriteToReadOnlyPageIsSigsegvForTheParentsWaitpid) {
  saltysim::programs::register_program("segv", &write_read_only);
  saltysim::programs::register_program("segv_parent", &spawn_segv);
  Files f = standard_system();
  f["bin/segv"] = image("segv");
  f["bin/segv_parent"] = image("segv_parent");
  f["etc/init/first"] = "bin/segv_parent\n";
  BootResult r = boot(f);
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_EQ(r.init_status, kInitMonitoring);
  EXPECT_NE(pos(r.console, "segv: writing to a read-only page\n"), std::string::npos);
  EXPECT_EQ(pos(r.console, "segv: the write went through"), std::string::npos);
  EXPECT_NE(pos(r.console, " killed by signal 11\n"), std::string::npos);
  EXPECT_NE(pos(r.console, "init: exited: bin/segv_parent (status 0)"), std::string::npos);
}

// A service that crashes (exit 1) on its first start and serves (blocks in
// Recv on its endpoint, slot 32) on the next.
int g_crashy_starts = 0;
int crashy(int, char**, char**) {
  if (g_crashy_starts++ == 0) return say("crashy: crashing\n"), 1;
  say("crashy: up\n");
  for (;;) trona::recv(uapi::SLOT_BOOTSTRAP_PRIVATE_BASE);
}

// First program: lives 100 ms (init monitors the services meanwhile).
int sleeper(int, char**, char**) {
  trona::nanosleep(100'000'000);
  say("sleeper: done\n");
  return 0;
}

Files crashy_system(const std::string& restart) {
  saltysim::programs::register_program("crashy", &crashy);
  saltysim::programs::register_program("sleeper", &sleeper);
  g_crashy_starts = 0;
  Files f = standard_system();
  f["services/crashy.service"] = "[Service]\nName=crashy\nBinary=bin/crashy\nRestart=" + restart + "\n";
  f["bin/crashy"] = image("crashy");
  f["bin/sleeper"] = image("sleeper");
  f["etc/init/first"] = "bin/sleeper\n";
  return f;
}

TEST(InitBoot, RestartOnFailureRestartsACrashedService) {
  BootResult r = boot(crashy_system("on-failure"));
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_EQ(r.init_status, kInitMonitoring);
  size_t crash = pos(r.console, "crashy: crashing\n"), restarted = pos(r.console, "init: restarted crashy\n"),
         up = pos(r.console, "crashy: up\n");
  ASSERT_NE(crash, std::string::npos);
  ASSERT_NE(restarted, std::string::npos);
  ASSERT_NE(up, std::string::npos);
  EXPECT_LT(crash, restarted);
  EXPECT_NE(pos(r.console, "init: service exited: crashy (status 1)"), std::string::npos);
  EXPECT_EQ(g_crashy_starts, 2);
  EXPECT_NE(pos(r.console, "init: exited: bin/sleeper (status 0)"), std::string::npos);
}

TEST(InitBoot, RestartNoLeavesACrashedServiceDown) {
  BootResult r = boot(crashy_system("no"));
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_EQ(r.init_status, kInitMonitoring);
  EXPECT_NE(pos(r.console, "crashy: crashing\n"), std::string::npos);
  EXPECT_EQ(pos(r.console, "init: restarted crashy"), std::string::npos);
  EXPECT_EQ(g_crashy_starts, 1);
}

TEST(InitBoot, BeforeReordersTheProcmgrGroup) {
  Files f = standard_system();
  f["services/rsrcsrv.service"] = "[Service]\nName=rsrcsrv\nBinary=bin/rsrcsrv\n[Dependencies]\nBefore=namesrv\n";
  BootResult r = boot(f);
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.init_status, kInitMonitoring);
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
  f.erase("services/mmsrv.service");
  expect_boot_error(f, "services: no service has Role=pager");
}

TEST(InitBootError, TwoPagers) {
  Files f = standard_system();
  f["services/namesrv.service"] = "[Service]\nName=namesrv\nBinary=bin/namesrv\nRole=pager\n";
  expect_boot_error(f, "namesrv.service:4: second Role=pager service 'namesrv' (first: 'mmsrv' at mmsrv.service:7)");
}

TEST(InitBootError, NoInitrdServices) {
  expect_boot_error({{"bin/hello", image("hello")}}, "services: no services/*.service in the initrd");
}

}  // namespace
