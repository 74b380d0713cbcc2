// The post-mortem report on failing runs built on the kernel model: a
// deadlock (hello calls vfs, vfs calls procmgr, procmgr calls vfs back)
// and a crash (vfs throws while serving hello's call). The report names
// the involved threads, their last IPCs by label name, the caps in their
// CSpaces, the wait-for chains and the reproduce command.
#include <gtest/gtest.h>

#include <stdexcept>

#include "kernel_model/kernel.h"
#include "sim/host/inspect/inspection.h"
#include "sim/host/inspect/label_names.h"

namespace {

using namespace kmodel;
using namespace kmodel::abi;
using sim::inspect::label_name;

constexpr Word kOpen = 1;         // VFS_POSIX_OPEN on a vfs endpoint
constexpr Word kPmRegister = 21;  // PM_REGISTER on a procmgr endpoint

Word mi(Word label, Word len) { return MsgInfo::encode(label, len, 0); }

sim::inspect::InspectOptions rings_on() {
  sim::inspect::InspectOptions o;
  o.post_mortem = true;
  return o;
}

struct World {
  sim::Scheduler sched{sim::SchedulerOptions{.seed = 9}};
  Kernel k{sched};
  sim::inspect::Inspection ins{rings_on()};
  Endpoint& vfs_ep = k.new_endpoint();
  Endpoint& pm_ep = k.new_endpoint();
  World() { ins.on_kernel()(k, "m0"); }
  std::string run_and_report(const std::string& what) {
    sim::RunResult r = sched.run();
    std::string rep = ins.post_mortem()->report(sched, {what + " (" + to_string(r) + ")", "saltysim run x --seed 9"});
    ins.finish(sched.now());
    return rep;
  }
};

TEST(PostMortem, LabelsUsedHaveNames) {
  EXPECT_EQ(label_name("vfs", kOpen), "VFS_POSIX_OPEN");
  EXPECT_EQ(label_name("procmgr", kPmRegister), "PM_REGISTER");
}

TEST(PostMortem, Deadlock) {
  World w;
  Kernel& k = w.k;
  Process hello = k.create_process([&] { k.syscall(SYS_CALL, 10, mi(kOpen, 1), 5); }, ProcessOptions{.name = "hello#1"});
  k.install(*hello.cnode, 10, w.vfs_ep, RIGHTS_ALL, 7);
  Process vfs = k.create_process(
      [&] {
        k.syscall(SYS_RECV, 10);
        k.syscall(SYS_CALL, 11, mi(kPmRegister, 0));
      },
      ProcessOptions{.name = "vfs#2"});
  k.install(*vfs.cnode, 10, w.vfs_ep, RIGHTS_ALL);
  k.install(*vfs.cnode, 11, w.pm_ep, RIGHTS_ALL, 3);
  Process pm = k.create_process(
      [&] {
        k.syscall(SYS_RECV, 10);
        k.syscall(SYS_CALL, 11, mi(kOpen, 0));  // back to vfs, which waits on us: a cycle
      },
      ProcessOptions{.name = "procmgr#3"});
  k.install(*pm.cnode, 10, w.pm_ep, RIGHTS_ALL);
  k.install(*pm.cnode, 11, w.vfs_ep, RIGHTS_ALL, 9);
  std::string rep = w.run_and_report("deadlock");

  EXPECT_NE(rep.find("post-mortem: deadlock (deadlock)"), std::string::npos) << rep;
  for (const char* t : {"thread 'hello#1'", "thread 'vfs#2'", "thread 'procmgr#3'"})
    EXPECT_NE(rep.find(t), std::string::npos) << t << "\n" << rep;
  // vfs's last IPCs, by name, from both sides.
  EXPECT_NE(rep.find("received VFS_POSIX_OPEN from hello#1 on endpoint #" + std::to_string(w.vfs_ep.id())),
            std::string::npos)
      << rep;
  EXPECT_NE(rep.find("call PM_REGISTER on endpoint #" + std::to_string(w.pm_ep.id()) + " queued"), std::string::npos)
      << rep;
  EXPECT_NE(rep.find("PM_REGISTER delivered to procmgr#3"), std::string::npos) << rep;
  EXPECT_NE(rep.find("call VFS_POSIX_OPEN on endpoint #" + std::to_string(w.vfs_ep.id()) + " queued"),
            std::string::npos)
      << rep;
  // Caps: hello's badged endpoint cap in slot 10.
  EXPECT_NE(rep.find("slot 10: endpoint #" + std::to_string(w.vfs_ep.id()) + " rights="), std::string::npos) << rep;
  EXPECT_NE(rep.find("badge=0x7"), std::string::npos) << rep;
  EXPECT_NE(rep.find("wait-for chains:"), std::string::npos) << rep;
  EXPECT_NE(rep.find("(cycle)"), std::string::npos) << rep;
  // An in-process backtrace of the blocked callers: through the kernel's call path.
  EXPECT_NE(rep.find("kmodel::Kernel::call_endpoint"), std::string::npos) << rep;
  EXPECT_NE(rep.find("reproduce: saltysim run x --seed 9"), std::string::npos) << rep;
}

TEST(PostMortem, CrashedServer) {
  World w;
  Kernel& k = w.k;
  Process hello = k.create_process([&] { k.syscall(SYS_CALL, 10, mi(kOpen, 1), 5); }, ProcessOptions{.name = "hello#1"});
  k.install(*hello.cnode, 10, w.vfs_ep, RIGHTS_ALL, 7);
  Process vfs = k.create_process(
      [&] {
        k.syscall(SYS_RECV, 10);
        throw std::runtime_error("vfs: bad inode");
      },
      ProcessOptions{.name = "vfs#2"});
  k.install(*vfs.cnode, 10, w.vfs_ep, RIGHTS_ALL);
  k.install(*vfs.cnode, 12, w.pm_ep, RIGHTS_ALL, 3);
  std::string rep = w.run_and_report("1 thread(s) crashed");

  EXPECT_NE(rep.find("thread 'vfs#2' (m0, tcb #"), std::string::npos) << rep;
  EXPECT_NE(rep.find("crashed: uncaught exception: vfs: bad inode"), std::string::npos) << rep;
  EXPECT_NE(rep.find("(none in-process: its stack is gone"), std::string::npos) << rep;
  EXPECT_NE(rep.find("received VFS_POSIX_OPEN from hello#1"), std::string::npos) << rep;
  EXPECT_NE(rep.find("slot 12: endpoint #" + std::to_string(w.pm_ep.id())), std::string::npos) << rep;
  EXPECT_NE(rep.find("reproduce: saltysim run x --seed 9"), std::string::npos) << rep;
}

TEST(PostMortem, RingKeepsTheLastEvents) {
  World w;
  Kernel& k = w.k;
  Process cli = k.create_process(
      [&] {
        for (Word i = 0; i < 20; ++i) k.syscall(SYS_CALL, 10, mi(kOpen, 1), i);
      },
      ProcessOptions{.name = "cli#1"});
  k.install(*cli.cnode, 10, w.vfs_ep, RIGHTS_ALL);
  Process vfs = k.create_process(
      [&] {
        k.syscall(SYS_RECV, 10);
        for (;;) k.syscall(SYS_REPLY_RECV, 10, mi(0, 0));
      },
      ProcessOptions{.name = "vfs#2"});
  k.install(*vfs.cnode, 10, w.vfs_ep, RIGHTS_ALL);
  w.sched.run();
  auto recent = w.ins.post_mortem()->recent(0, cli.tcb->id());
  ASSERT_EQ(recent.size(), sim::inspect::PostMortem::kRing);
  EXPECT_NE(recent.back().find("got reply TRONA_OK from vfs#2"), std::string::npos) << recent.back();
  EXPECT_NE(recent[recent.size() - 2].find("call VFS_POSIX_OPEN to vfs#2"), std::string::npos);
  w.ins.finish(w.sched.now());
}

}  // namespace

// A Lua scenario that fails (it waits for output that never comes): the
// runner's report carries the post-mortem of the threads that acted last.
#include <fstream>
#include <regex>

#include "sim/host/scenario_lua/runner.h"

namespace {

TEST(PostMortem, FailedLuaScenario) {
  const std::string path = testing::TempDir() + "post_mortem_fail.lua";
  {
    std::ofstream f(path);
    f << "local m = machine{ name = 'm0', memory = '64M', runner = false }\n"
         "boot(m)\n"
         "expect(m.debug, 'init: exited: bin/hello', '1s')\n"
         "expect(m.debug, 'this line never comes', '5ms')\n";
  }
  auto r = sim::lua::run_scenario_file(path, sim::lua::LuaRunOptions{.seed = 3});
  ASSERT_EQ(r.status, sim::lua::Status::Fail) << r.message;
  const std::string& pm = r.post_mortem;
  EXPECT_NE(pm.find("post-mortem: scenario FAIL: "), std::string::npos) << pm;
  EXPECT_NE(pm.find("this line never comes"), std::string::npos) << pm;
  EXPECT_NE(pm.find("the threads that acted last:"), std::string::npos) << pm;
  EXPECT_NE(pm.find("thread '"), std::string::npos) << pm;
  // Ring lines name their labels (VFS_..., PM_..., TTY_..., or a reply status TRONA_...).
  EXPECT_TRUE(std::regex_search(pm, std::regex("t= +[0-9.]+  .*\\b[A-Z]+_[A-Z_]+\\b"))) << pm;
  EXPECT_NE(pm.find("caps in its CSpace"), std::string::npos) << pm;
  EXPECT_NE(pm.find("reproduce: saltysim run " + path + " --seed 3"), std::string::npos) << pm;
  std::ostringstream rep;
  sim::lua::report(rep, path, 3, r);
  EXPECT_NE(rep.str().find("post-mortem"), std::string::npos);
}

TEST(PostMortem, LuaRingsDoNotChangeTheRun) {
  const std::string path = testing::TempDir() + "post_mortem_pass.lua";
  {
    std::ofstream f(path);
    f << "local m = machine{ name = 'm0', memory = '64M', runner = false }\n"
         "boot(m)\n"
         "expect(m.debug, 'init: exited: bin/hello', '1s')\n";
  }
  auto on = sim::lua::run_scenario_file(path, sim::lua::LuaRunOptions{.seed = 3});
  auto off = sim::lua::run_scenario_file(path, sim::lua::LuaRunOptions{.seed = 3, .post_mortem = false});
  ASSERT_EQ(on.status, sim::lua::Status::Pass) << on.message;
  EXPECT_EQ(on.hash, off.hash);
  EXPECT_EQ(on.decisions, off.decisions);
  EXPECT_TRUE(on.post_mortem.empty());
}

}  // namespace
