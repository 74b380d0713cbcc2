// procmgr's process table at scale: windows in window CNodes beyond the
// first block (state.h: window(i)), lookups through the pid/badge index
// (lib::KeyIndex), reuse of released entries, and the full table. procmgr
// runs alone with big untypeds; the root task holds its endpoint with
// badge 1 (it is init, pid 1) and talks through trona::ProcmgrClient.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "kernel_model/kernel.h"
#include "lib/key_index.h"
#include "core/procmgr/state.h"
#include "sim/host/programs/programs.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/syscall.h"
#include "uapi/kernel_abi.h"
#include "uapi/linux_numbers.h"

extern "C" int trona_program_procmgr(int argc, char** argv, char** envp);

namespace {

using kmodel::Word;
namespace ka = kmodel::abi;
using trona::ProcmgrClient;

int prog_nap(int, char**, char**) {
  trona::nanosleep(uint64_t{3600} * 1'000'000'000);
  return 0;
}
int prog_quick(int, char**, char**) { return 5; }

// procmgr with two images and `untyped_bits` of memory in each of its
// five untypeds (host pages are only allocated when touched).
struct TableOs {
  sim::Scheduler sched{sim::SchedulerOptions{.seed = 3}};
  kmodel::Kernel k{sched};
  kmodel::Endpoint& pm_ep = k.new_endpoint();
  kmodel::Process procmgr;
  std::vector<std::string> args;
  std::vector<char*> argv;

  explicit TableOs(unsigned untyped_bits = 34) {
    saltysim::programs::register_program("table_nap", prog_nap);
    saltysim::programs::register_program("table_quick", prog_quick);
    saltysim::programs::install_image_start(k);
    args = {"procmgr", "--image", "bin/nap", "#!trona-image v1\nentry=table_nap\n",
            "--image", "bin/quick", "#!trona-image v1\nentry=table_quick\n"};
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    procmgr = k.create_process([this] { trona_program_procmgr(static_cast<int>(args.size()), argv.data(), nullptr); },
                               kmodel::ProcessOptions{.name = "procmgr", .cnode_bits = 12, .start = false});
    k.install(*procmgr.cnode, uapi::SLOT_PROCMGR_EP, pm_ep);
    k.install(*procmgr.cnode, uapi::SLOT_CHILD_UNTYPED, k.new_untyped(untyped_bits));
    for (Word s = uapi::SLOT_UNTYPED_BASE; s < uapi::SLOT_UNTYPED_BASE + 4; ++s)
      k.install(*procmgr.cnode, s, k.new_untyped(untyped_bits));
    k.start(*procmgr.tcb);
  }

  void init(std::function<void()> body) {
    kmodel::Process p = k.create_root_task(std::move(body));
    k.install(*p.cnode, uapi::SLOT_PROCMGR_EP, pm_ep, ka::RIGHT_SEND | ka::RIGHT_CALL | ka::RIGHT_GRANT, 1);
  }
};

TEST(ProcmgrTable, ProcessesBeyondTheFirstWindowBlockLiveAndAreReaped) {
  constexpr size_t kCount = 2 * procmgr::kWindowsPerCNode + 50;  // three window CNodes
  TableOs os;
  std::vector<uint64_t> pids;
  std::vector<int> kill0, statuses;
  std::set<uint64_t> reaped;
  uint64_t again = 0, again_child = 0;
  int again_st = -1;
  os.init([&] {
    ProcmgrClient pm;
    for (size_t i = 0; i < kCount; ++i) {
      uint64_t pid = 0;
      ASSERT_EQ(pm.spawn("bin/nap", nullptr, 0, &pid), 0) << "spawn " << i;
      pids.push_back(pid);
    }
    trona::nanosleep(1'000'000);  // every child runs to its sleep
    for (uint64_t p : pids) kill0.push_back(pm.kill(static_cast<int32_t>(p), 0));
    // Newest first: the last window block empties before the first.
    for (auto it = pids.rbegin(); it != pids.rend(); ++it) ASSERT_EQ(pm.kill(static_cast<int32_t>(*it), uapi::kSIGKILL), 0);
    for (uint64_t p : pids) {
      int st = -1;
      uint64_t child = 0;
      ASSERT_EQ(pm.wait(static_cast<int32_t>(p), 0, &st, &child), 0);
      reaped.insert(child);
      statuses.push_back(st);
    }
    EXPECT_NE(pm.kill(static_cast<int32_t>(pids[kCount / 2]), 0), 0);  // gone: ESRCH
    // Released entries (and their windows) serve new processes.
    ASSERT_EQ(pm.spawn("bin/quick", nullptr, 0, &again), 0);
    ASSERT_EQ(pm.wait(static_cast<int32_t>(again), 0, &again_st, &again_child), 0);
  });
  os.sched.run();
  ASSERT_EQ(pids.size(), kCount);
  EXPECT_EQ(std::set<uint64_t>(pids.begin(), pids.end()).size(), kCount);
  EXPECT_EQ(std::count(kill0.begin(), kill0.end(), 0), static_cast<long>(kCount));
  EXPECT_EQ(reaped, std::set<uint64_t>(pids.begin(), pids.end()));
  for (int st : statuses) EXPECT_EQ(st & 0x7f, uapi::kSIGKILL);
  EXPECT_EQ(again_child, again);
  EXPECT_EQ((again_st >> 8) & 0xff, 5);
  EXPECT_EQ(std::count(pids.begin(), pids.end(), again), 0);  // a new pid for a reused entry
}

TEST(ProcmgrTable, FullTableRefusesSpawnWithEagainUntilAChildIsReaped) {
  TableOs os;
  long spawned = 0;
  int refused = 0, after_reap = -1;
  os.init([&] {
    ProcmgrClient pm;
    uint64_t pid = 0, first = 0;
    for (;;) {
      int e = pm.spawn("bin/nap", nullptr, 0, &pid);
      if (e != 0) {
        refused = e;
        break;
      }
      if (first == 0) first = pid;
      ++spawned;
    }
    ASSERT_EQ(pm.kill(static_cast<int32_t>(first), uapi::kSIGKILL), 0);
    int st = -1;
    uint64_t child = 0;
    ASSERT_EQ(pm.wait(static_cast<int32_t>(first), 0, &st, &child), 0);
    after_reap = pm.spawn("bin/nap", nullptr, 0, &pid);
    pm.kill(-1, uapi::kSIGKILL);  // everybody but init
    for (long i = 0; i < spawned; ++i) pm.wait(-1, 0, &st, &child);
  });
  os.sched.run();
  EXPECT_EQ(spawned, static_cast<long>(procmgr::kMaxProcesses) - 1);  // entry 0 is init
  EXPECT_EQ(refused, uapi::kEAGAIN);
  EXPECT_EQ(after_reap, 0);
}

TEST(ProcmgrTable, WindowsOfDifferentBlocksNeverOverlapAndStayOutOfTheRoot) {
  using procmgr::window;
  const size_t per = procmgr::kWindowsPerCNode;
  for (size_t i : {size_t{0}, per - 1, per, 2 * per + 7, procmgr::kMaxProcesses - 1}) {
    EXPECT_GE(window(i), Word{1} << 16) << i;  // never a plain root index (roots are <= 16 bits)
    EXPECT_EQ(window(i) >> procmgr::kWindowCNodeBits, procmgr::kWindowBase + i / per) << i;
    EXPECT_EQ(window(i) & ((Word{1} << procmgr::kWindowCNodeBits) - 1), (i % per) * procmgr::kWindowSlots) << i;
  }
  EXPECT_LT(procmgr::kWindowBase + procmgr::kWindowCNodes, procmgr::kProviderSlotBase);
}

// --- lib::KeyIndex ---------------------------------------------------------------

TEST(KeyIndex, PutFindOverwriteErase) {
  lib::KeyIndex<16> ix{};
  uint32_t v = 0;
  EXPECT_FALSE(ix.find(7, &v));
  EXPECT_TRUE(ix.put(7, 1));
  EXPECT_TRUE(ix.put(9, 2));
  ASSERT_TRUE(ix.find(7, &v));
  EXPECT_EQ(v, 1u);
  EXPECT_TRUE(ix.put(7, 3));  // overwrite
  ASSERT_TRUE(ix.find(7, &v));
  EXPECT_EQ(v, 3u);
  EXPECT_EQ(ix.size(), 2u);
  EXPECT_TRUE(ix.erase(7));
  EXPECT_FALSE(ix.erase(7));
  EXPECT_FALSE(ix.find(7, &v));
  ASSERT_TRUE(ix.find(9, &v));
  EXPECT_EQ(v, 2u);
  EXPECT_FALSE(ix.put(0, 1));  // key 0 marks an empty slot
  EXPECT_FALSE(ix.find(0, &v));
}

TEST(KeyIndex, RefusesBeyondThreeQuartersFull) {
  lib::KeyIndex<16> ix{};
  for (uint64_t k = 1; k <= 12; ++k) EXPECT_TRUE(ix.put(k, static_cast<uint32_t>(k)));
  EXPECT_FALSE(ix.put(13, 13));
  EXPECT_TRUE(ix.put(5, 50));  // overwriting still works when full
  EXPECT_TRUE(ix.erase(1));
  EXPECT_TRUE(ix.put(13, 13));
}

// Every key keeps being found while others around it are erased in every
// order (backward-shift deletion across probe runs and the wrap-around).
TEST(KeyIndex, EraseKeepsEveryOtherKeyReachable) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    lib::KeyIndex<32> ix{};
    std::vector<uint64_t> keys;
    for (uint64_t i = 0; i < 24; ++i) keys.push_back(seed * 1000 + i * 37 + 1);
    for (size_t i = 0; i < keys.size(); ++i) ASSERT_TRUE(ix.put(keys[i], static_cast<uint32_t>(i)));
    // A seed-dependent erase order.
    std::vector<size_t> order(keys.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = (i * (seed % 7 + 1) * 5 + seed) % keys.size();
    std::set<size_t> gone;
    for (size_t o : order) {
      if (!gone.insert(o).second) continue;
      ASSERT_TRUE(ix.erase(keys[o]));
      for (size_t i = 0; i < keys.size(); ++i) {
        uint32_t v = 0;
        bool found = ix.find(keys[i], &v);
        ASSERT_EQ(found, gone.count(i) == 0) << "seed " << seed << " key " << i;
        if (found) {
          ASSERT_EQ(v, i);
        }
      }
    }
  }
}

}  // namespace
