// The real boot wires children's memory through rsrcsrv: init (booting from
// a cpio initrd, kernel-abi.md §1.3) hands the root untypeds to rsrcsrv and
// rsrcsrv to procmgr (init/rsrcsrv_handoff.cpp); the first program then has
// rsrcsrv at slot 6 charged to its own owner, and a child it spawns with a
// MemoryKB quota runs into ENOMEM without touching its parent's figures.
#include <gtest/gtest.h>

#include <string>

#include "boot/boot_harness.h"
#include "sim/host/programs/programs.h"
#include "trona/clients/procmgr_client.h"
#include "trona/clients/rsrcsrv_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

namespace {

using boot_test::say;
using trona::ResUsage;
using trona::RsrcsrvClient;

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

// The standard system (boot_harness.h) with bin/parent as the first
// program; the console.
std::string boot_with_parent() {
  saltysim::programs::register_program("quota_boot_hog", &hog);
  saltysim::programs::register_program("quota_boot_parent", &parent);
  boot_test::Files files = boot_test::standard_system();
  files["bin/parent"] = boot_test::image("quota_boot_parent");
  files["bin/hog"] = boot_test::image("quota_boot_hog");
  files["etc/init/first"] = "bin/parent\n";
  boot_test::BootResult r = boot_test::boot(files);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  return r.console;
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
