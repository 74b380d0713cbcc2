// The real boot wires children's memory through rsrcsrv: init (booting from
// a cpio initrd, kernel-abi.md §1.3) hands the root untypeds to rsrcsrv and
// rsrcsrv to procmgr (init/rsrcsrv_handoff.cpp); the first program then has
// rsrcsrv at slot 6 charged to its own owner, and a child it spawns with a
// MemoryKB quota runs into ENOMEM without touching its parent's figures.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "hw_model/boot/cpio.h"
#include "hw_model/machine.h"
#include "kernel_model/kernel.h"
#include "sim/programs/programs.h"
#include "sim/sched/scheduler.h"
#include "trona/procmgr_client.h"
#include "trona/rsrcsrv_client.h"
#include "trona/syscall.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

namespace {

using trona::ResUsage;
using trona::RsrcsrvClient;

kmodel::Kernel* g_kernel = nullptr;
void say(const std::string& s) { g_kernel->debug_put(s.data(), s.size()); }

// Objects procmgr makes for a child (TCB, VSpace, CNode, SC, stack MO,
// IPC frame, image MO) and their bytes with a 2^10-slot CNode.
constexpr uint64_t kSpawnHandles = 7;
constexpr uint64_t kSpawnBytes = 2048 + 4096 + 32 * 1024 + 256 + 256 + 4096 + 256;

// Frames through its own slot 6 until refused: exit status = how many, or
// 100 + the errno of an unexpected refusal.
int hog(int, char**, char**) {
  RsrcsrvClient rs;
  int made = 0;
  uint64_t h = 0;
  int e = 0;
  while ((e = rs.alloc_object(trona::kResSelf, uapi::OBJ_FRAME, 12, 300 + made, &h)) == 0) ++made;
  return e == uapi::kENOMEM ? made : 100 + e;
}

// The first program: its own usage (what procmgr made for it, plus one
// endpoint of its own), then a 64 KiB child that exhausts its quota.
int parent(int, char**, char**) {
  RsrcsrvClient rs;
  uint64_t h = 0;
  if (int e = rs.alloc_object(trona::kResSelf, uapi::OBJ_ENDPOINT, 0, 300, &h); e != 0)
    return say("parent: alloc " + std::to_string(e) + "\n"), 2;
  ResUsage before, after;
  if (rs.query_usage(trona::kResSelf, &before) != 0) return 3;
  say("parent: usage " + std::to_string(before.bytes) + " bytes, " + std::to_string(before.handles) + " handles\n");
  trona::ProcmgrClient pm;
  trona::SpawnOptions opt;
  opt.policy = uapi::procmgr::spawn_policy(uapi::procmgr::kSpawnReadinessImmediate, 0, 64);
  uint64_t pid = 0;
  if (int e = pm.spawn("bin/hog", nullptr, 0, &pid, opt); e != 0) return say("parent: spawn " + std::to_string(e)), 4;
  int st = -1;
  if (pm.wait(static_cast<int32_t>(pid), 0, &st, nullptr) != 0) return 5;
  if (rs.query_usage(trona::kResSelf, &after) != 0) return 6;
  say("parent: hog made " + std::to_string((st >> 8) & 0xff) + " frames; parent usage " +
      (after == before ? "unchanged" : "changed") + "\n");
  return 0;
}

std::string image(const std::string& entry) { return "#!trona-image v1\nentry=" + entry + "\n"; }

// Boots mmsrv (the pager) and procmgr (spawned by init), namesrv and
// rsrcsrv (through procmgr), with bin/parent as the first program; the
// console.
std::string boot_with_parent() {
  saltysim::programs::register_program("quota_boot_hog", &hog);
  saltysim::programs::register_program("quota_boot_parent", &parent);
  const std::map<std::string, std::string> files = {
      {"services/mmsrv.service",
       "[Service]\nName=mmsrv\nBinary=bin/mmsrv\nCNodeBits=12\nMemoryKB=4096\nPreProcmgr=yes\nRole=pager\n"},
      {"services/procmgr.service", "[Service]\nName=procmgr\nBinary=bin/procmgr\nCNodeBits=12\nMemoryKB=8192\n"},
      {"services/namesrv.service", "[Service]\nName=namesrv\nBinary=bin/namesrv\n"},
      {"services/rsrcsrv.service", "[Service]\nName=rsrcsrv\nBinary=bin/rsrcsrv\n[Dependencies]\nAfter=namesrv\n"},
      {"bin/mmsrv", image("mmsrv")},
      {"bin/procmgr", image("procmgr")},
      {"bin/namesrv", image("namesrv")},
      {"bin/rsrcsrv", image("rsrcsrv")},
      {"bin/parent", image("quota_boot_parent")},
      {"bin/hog", image("quota_boot_hog")},
      {"etc/init/first", "bin/parent\n"},
  };
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
  g_kernel = &k;
  saltysim::programs::install_image_start(k);
  int init_status = -1;
  k.create_root_task([&] { init_status = saltysim::programs::run_init(k); });
  sim::RunResult run = sched.run(sim::RunLimits{.until = sim::VTime{60} * 1'000'000'000});
  g_kernel = nullptr;
  EXPECT_EQ(run, sim::RunResult::Idle);
  EXPECT_EQ(init_status, 0);
  return k.debug_output();
}

TEST(QuotaBoot, InitHandsRsrcsrvToProcmgrAndChildrenAreChargedToTheirOwners) {
  const std::string console = boot_with_parent();
  SCOPED_TRACE(console);
  const uint64_t parent_bytes = kSpawnBytes + 64, parent_handles = kSpawnHandles + 1;
  EXPECT_NE(console.find("init: procmgr allocates through rsrcsrv\n"), std::string::npos);
  EXPECT_NE(console.find("parent: usage " + std::to_string(parent_bytes) + " bytes, " +
                         std::to_string(parent_handles) + " handles\n"),
            std::string::npos);
  // 64 KiB - kSpawnBytes = 21760 bytes: 5 frames.
  EXPECT_NE(console.find("parent: hog made 5 frames; parent usage unchanged\n"), std::string::npos);
  EXPECT_NE(console.find("init: exited: bin/parent (status 0)"), std::string::npos);
}

}  // namespace
