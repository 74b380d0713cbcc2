// The process heap (trona::malloc ...) of programs in a booted system
// (boot_harness.h): procmgr spawns them with mmsrv as their memory manager,
// so the simulator's default page source gets the break and the large
// blocks from mmsrv, and an exiting process gives everything back (mmsrv's
// regions and charge, the kernel objects, the host bytes kept on its
// VSpace). A forked child starts with a fresh heap of its own.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../heap_pattern.h"
#include "sim/host/trona_backend/heap_bytes.h"
#include "boot_harness.h"
#include "sim/host/programs/programs.h"
#include "trona/clients/mmsrv_client.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/heap.h"
#include "trona/core/process_local.h"
#include "trona/posix/process.h"
#include "uapi/linux_numbers.h"

namespace {

using namespace boot_test;
using heaptest::fill;
using heaptest::holds;

constexpr std::size_t kBig = 200 * 1024;  // above kHeapMapThreshold: a mapping
constexpr int kBigBlocks = 8;
constexpr int kUserRuns = 40;  // 40 x 8 live mappings > mmsrv's 256 regions: only fits if exit frees them

// Kernel objects alive, and address spaces that still hold heap bytes.
struct KernelCount {
  std::size_t objects = 0;
  std::size_t heap_vspaces = 0;
  bool operator==(const KernelCount&) const = default;
};
KernelCount count_kernel() {
  KernelCount c;
  for (const auto& [id, obj] : booting_kernel()->objects().all()) {
    ++c.objects;
    if (auto* vs = dynamic_cast<const kmodel::VSpace*>(obj.get()); vs && saltysim::heap_host_blocks(*vs) > 0) ++c.heap_vspaces;
  }
  return c;
}

// Many small blocks and a few large ones, written and read back, left
// allocated at exit. Exit status: 0, or which check failed.
int heap_user(int, char**, char**) {
  std::vector<void*> blocks;
  for (unsigned i = 0; i < 2000; ++i) {
    std::size_t n = i % 500 + 1;
    void* p = trona::malloc(n);
    if (!p) return 2;
    fill(p, n, i);
    blocks.push_back(p);
  }
  for (int i = 0; i < kBigBlocks; ++i) {
    void* p = trona::calloc(1, kBig);
    if (!p || !heaptest::zero(p, kBig)) return 3;
    fill(p, kBig, 7000 + i);
    blocks.push_back(p);
  }
  for (unsigned i = 0; i < 2000; ++i)
    if (!holds(blocks[i], i % 500 + 1, i)) return 4;
  for (int i = 0; i < kBigBlocks; ++i)
    if (!holds(blocks[2000 + i], kBig, 7000 + i)) return 5;
  trona::HeapStats hs = trona::heap_stats();
  if (hs.in_use_blocks != 2000 + kBigBlocks || hs.mapped_blocks != kBigBlocks) return 6;
  trona::MmStats ms;
  if (trona::MmsrvClient().stats(0, &ms) != 0) return 7;
  if (ms.reserved_pages * 4096 < hs.break_bytes + kBigBlocks * kBig) return 8;  // charged for all of it
  return 0;
}

int heap_spawner(int, char**, char**) {
  KernelCount before = count_kernel();
  trona::ProcmgrClient pm;
  for (int run = 0; run < kUserRuns; ++run) {
    uint64_t pid = 0;
    int st = -1;
    if (int e = pm.spawn("bin/heap_user", nullptr, 0, &pid); e != 0) return say("spawner: spawn " + std::to_string(e) + "\n"), 2;
    if (pm.wait(static_cast<int32_t>(pid), 0, &st, nullptr) != 0) return 3;
    if (st != 0) return say("spawner: run " + std::to_string(run) + " status " + std::to_string(st) + "\n"), 4;
  }
  KernelCount after = count_kernel();
  std::string objects = after.objects == before.objects ? "unchanged"
                                                         : std::to_string(before.objects) + " -> " +
                                                               std::to_string(after.objects);
  say("spawner: " + std::to_string(kUserRuns) + " runs; kernel objects " + objects + "; heap address spaces " +
      std::to_string(before.heap_vspaces) + " -> " + std::to_string(after.heap_vspaces) + "\n");
  return 0;
}

std::string boot_first(const std::string& first) {
  saltysim::programs::register_program("heap_user", &heap_user);
  saltysim::programs::register_program("heap_spawner", &heap_spawner);
  Files files = standard_system();
  files["bin/heap_user"] = image("heap_user");
  files["bin/" + first] = image(first);
  files["etc/init/first"] = "bin/" + first + "\n";
  BootResult r = boot(files);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  return r.console;
}

TEST(HeapPrograms, ProgramsAllocateThroughMmsrvAndExitReleasesEverything) {
  const std::string console = boot_first("heap_spawner");
  SCOPED_TRACE(console);
  EXPECT_NE(pos(console, "spawner: " + std::to_string(kUserRuns) +
                             " runs; kernel objects unchanged; heap address spaces 0 -> 0\n"),
            std::string::npos);
  EXPECT_NE(pos(console, "init: exited: bin/heap_spawner (status 0)"), std::string::npos);
}

// --- fork ------------------------------------------------------------------------

struct Marker {
  uint64_t value;
};

// The child's checks, as its exit status: 0, or which one failed.
void heap_child(uint64_t) {
  int status = 0;
  if (trona::process_local<Marker>().value != 0xF0F0) status = 10;  // the copy of the parent's state arrived
  trona::HeapStats fresh = trona::heap_stats();
  if (fresh.in_use_blocks != 0 || fresh.break_bytes != 0 || fresh.mapped_blocks != 0) status = 11;
  std::vector<void*> blocks;
  for (unsigned i = 0; i < 300 && status == 0; ++i) {
    void* p = trona::malloc(i + 1);
    if (!p) status = 12;
    else fill(p, i + 1, i + 100), blocks.push_back(p);
  }
  void* big = trona::malloc(kBig);
  if (!big) status = 13;
  else fill(big, kBig, 3);
  for (unsigned i = 0; i < blocks.size(); ++i)
    if (!holds(blocks[i], i + 1, i + 100)) status = 14;
  if (big && !holds(big, kBig, 3)) status = 15;
  for (void* p : blocks) trona::free(p);
  trona::free(big);
  trona::HeapStats end = trona::heap_stats();
  if (status == 0 && (end.in_use_blocks != 0 || end.mapped_blocks != 0)) status = 16;
  trona::posix::_exit(status);
}

int heap_forker(int, char**, char**) {
  std::vector<void*> blocks;
  for (unsigned i = 0; i < 200; ++i) {
    void* p = trona::malloc(i * 3 + 1);
    if (!p) return 2;
    fill(p, i * 3 + 1, i);
    blocks.push_back(p);
  }
  void* big = trona::malloc(kBig);
  if (!big) return 3;
  fill(big, kBig, 9);
  trona::HeapStats before = trona::heap_stats();
  trona::process_local<Marker>().value = 0xF0F0;
  // A touched page, so the fork has a page to copy (and the process-local
  // state, with the heap's, is copied into the child).
  uint64_t va = 0;
  if (trona::MmsrvClient().mmap(0, 4096, uapi::kPROT_READ | uapi::kPROT_WRITE,
                                uapi::kMAP_PRIVATE | uapi::kMAP_ANONYMOUS, &va) != 0)
    return 4;
  booting_kernel()->store<uint64_t>(va, 1);
  trona::posix::pid_t child = trona::posix::fork_to(heap_child, 0);
  if (child < 0) return 5;
  int st = -1;
  if (trona::posix::waitpid(child, &st, 0) != child) return 6;
  say("forker: child status " + std::to_string(st) + "\n");
  trona::HeapStats after = trona::heap_stats();
  if (after.in_use_blocks != before.in_use_blocks || after.break_bytes != before.break_bytes ||
      after.mapped_blocks != 1)
    return 7;
  for (unsigned i = 0; i < blocks.size(); ++i)
    if (!holds(blocks[i], i * 3 + 1, i)) return 8;
  if (!holds(big, kBig, 9)) return 9;
  for (void* p : blocks) trona::free(p);
  trona::free(big);
  if (trona::heap_stats().in_use_blocks != 0) return 10;
  say("forker: parent heap intact\n");
  return 0;
}

TEST(HeapPrograms, AForkedChildGetsAFreshHeapAndTheParentsStaysIntact) {
  saltysim::programs::register_program("heap_forker", &heap_forker);
  const std::string console = boot_first("heap_forker");
  SCOPED_TRACE(console);
  EXPECT_NE(pos(console, "forker: child status 0\n"), std::string::npos);
  EXPECT_NE(pos(console, "forker: parent heap intact\n"), std::string::npos);
  EXPECT_NE(pos(console, "init: exited: bin/heap_forker (status 0)"), std::string::npos);
}

}  // namespace
