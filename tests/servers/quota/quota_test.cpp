// Children's memory through rsrcsrv: init hands rsrcsrv to procmgr
// (init/rsrcsrv_handoff.cpp), procmgr allocates every child's objects for
// the child's owner (its badge) with the spawn_policy MemoryKB quota, the
// child allocates more through its own slot 6, and the exit reclaims all
// of it (RES_RECLAIM_OWNER). A process that exhausts its quota (bytes or
// handles) gets ENOMEM, others are unaffected, and the figures return
// exactly to what they were. Everything simulated talks to the servers
// through trona::ProcmgrClient / trona::RsrcsrvClient; the host reads the
// kernel's untypeds for the figures rsrcsrv does not report (its total).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/init/rsrcsrv_handoff.h"
#include "ipc_harness.h"
#include "procmgr/pm_os.h"
#include "core/procmgr/state.h"
#include "sim/host/programs/programs.h"
#include "trona/clients/procmgr_client.h"
#include "trona/clients/rsrcsrv_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

namespace {

using kmodel::Process;
using kmodel::Word;
namespace ka = kmodel::abi;
using trona::ProcmgrClient;
using trona::ResUsage;
using trona::RsrcsrvClient;

// procmgr's badge at rsrcsrv (as init's boot badges: 0x1000 + boot index).
constexpr Word kProcmgrBadge = 0x1004;
// init's slots: rsrcsrv's unbadged endpoint (to copy and mint from) and
// procmgr's CNode.
constexpr Word kInitRsrcsrvEp = 102;
constexpr Word kInitProcmgrCnode = 103;
// Where a child puts the objects it allocates (its CNode has 1024 slots).
constexpr Word kChildFreeSlot = 300;
// Bytes procmgr allocates for a child with a 2^10-slot CNode and a
// one-page stack (rsrcsrv::object_bytes): TCB, VSpace, CNode, SC, stack
// MO, IPC frame, image MO.
constexpr Word kSpawnBytes = 2048 + 4096 + 32 * 1024 + 256 + 256 + 4096 + 256;
constexpr Word kSpawnHandles = 7;

uint64_t owner_of(uint64_t pid) { return procmgr::kChildBadgeBase + pid; }

// What a test program saw (host globals: one test at a time).
struct Seen {
  int made = 0;        // objects allocated before the refusal
  int refusal = 0;     // the errno of the refused allocation
  ResUsage usage;      // its own usage after the refusal
  bool exhausted = false;
};
Seen g_a, g_b;

// Allocates objects of `type` through its own rsrcsrv endpoint (slot 6)
// until rsrcsrv refuses, keeps them, and blocks until it is killed.
int allocate_until_refused(Seen& seen, uint64_t type, uint64_t size_bits) {
  RsrcsrvClient rs;  // SLOT_RSRCSRV_EP, minted by procmgr with this process's badge
  uint64_t handle = 0;
  for (;;) {
    int e = rs.alloc_object(trona::kResSelf, type, size_bits, kChildFreeSlot + seen.made, &handle);
    if (e != 0) {
      seen.refusal = e;
      break;
    }
    ++seen.made;
  }
  EXPECT_EQ(rs.query_usage(trona::kResSelf, &seen.usage), 0);
  seen.exhausted = true;
  trona::nanosleep(uint64_t{3600} * 1'000'000'000);
  return 1;
}
int prog_frame_hog(int, char**, char**) { return allocate_until_refused(g_a, uapi::OBJ_FRAME, 12); }
int prog_endpoint_hog(int, char**, char**) { return allocate_until_refused(g_a, uapi::OBJ_ENDPOINT, 0); }

// Another process: a batch and a single object go through while the hog
// sits at its limit; it may not look at or free the hog's objects.
int prog_neighbour(int, char**, char**) {
  RsrcsrvClient rs;
  const trona::ResBatchEntry batch[] = {{uapi::OBJ_FRAME, 12}, {uapi::OBJ_ENDPOINT, 0}, {uapi::OBJ_NOTIFICATION, 0}};
  uint64_t handles[3] = {};
  g_b.refusal = rs.alloc_batch(trona::kResSelf, batch, 3, kChildFreeSlot, handles);
  if (g_b.refusal == 0) g_b.made += 3;
  uint64_t h = 0;
  if (rs.alloc_object(trona::kResSelf, uapi::OBJ_FRAME, 12, kChildFreeSlot + 3, &h) == 0) ++g_b.made;
  EXPECT_EQ(rs.query_usage(trona::kResSelf, &g_b.usage), 0);
  ResUsage other;
  EXPECT_EQ(rs.query_usage(owner_of(2), &other), uapi::kEACCES);  // not privileged
  EXPECT_EQ(rs.reclaim_owner(owner_of(2)), uapi::kEACCES);
  EXPECT_EQ(rs.set_quota(trona::kResSelf, 0, 0), uapi::kEACCES);  // nobody lifts its own quota
  return 0;
}

// Allocates a little itself and exits without freeing it (the reclaim at
// exit must find it).
int prog_churn(int, char**, char**) {
  RsrcsrvClient rs;
  uint64_t h = 0;
  int e = rs.alloc_object(trona::kResSelf, uapi::OBJ_ENDPOINT, 0, kChildFreeSlot, &h);
  e |= rs.alloc_object(trona::kResSelf, uapi::OBJ_FRAME, 12, kChildFreeSlot + 1, &h);
  return e == 0 ? 0 : 3;
}

// Reports whether it has an rsrcsrv endpoint (exit 0) or not (exit 9).
int prog_probe(int, char**, char**) {
  return RsrcsrvClient().query_usage(trona::kResSelf, nullptr) == uapi::kEBADF ? 9 : 0;
}

// pmt::PmOs (namesrv, rsrcsrv, init with badge 1, procmgr with an image
// table and an untyped of its own); init hands rsrcsrv to procmgr the way
// the real init does before it runs the test's body.
class QuotaOs : public pmt::PmOs {
 public:
  QuotaOs()
      : PmOs(pmt::Programs{{"quota_frame_hog", prog_frame_hog},
                           {"quota_endpoint_hog", prog_endpoint_hog},
                           {"quota_neighbour", prog_neighbour},
                           {"quota_churn", prog_churn},
                           {"quota_probe", prog_probe}}),
        pm_untyped(dynamic_cast<kmodel::Untyped*>(ipct::object_at(k, procmgr, uapi::SLOT_CHILD_UNTYPED))) {
    g_a = Seen{};
    g_b = Seen{};
  }

  // init: procmgr's endpoint with badge 1, rsrcsrv's unbadged endpoint and
  // procmgr's CNode for the hand-over (done first unless `hand_over` is
  // false), then `body`.
  Process init(std::function<void()> body, bool hand_over = true) {
    Process p = PmOs::init([hand_over, body = std::move(body)] {
      if (hand_over) {
        EXPECT_EQ(init::hand_rsrcsrv_to_procmgr(ipct::kInitRsrcsrvSlot, kInitRsrcsrvEp, kInitProcmgrCnode,
                                                kProcmgrBadge),
                  uapi::TRONA_OK);
      }
      body();
    });
    k.install(*p.cnode, kInitRsrcsrvEp, rs_ep, ka::RIGHT_SEND | ka::RIGHT_CALL | ka::RIGHT_GRANT, 0);
    k.install(*p.cnode, kInitProcmgrCnode, *procmgr.cnode);
    init_ = p;
    return p;
  }

  // rsrcsrv's total, from the kernel: objects carved from the untypeds it
  // adopted (init's root untypeds) and still alive.
  Word rsrcsrv_live_objects() {
    Word n = 0;
    for (Word s = ka::INIT_SLOT_UNTYPED_BASE; s < ka::INIT_SLOT_UNTYPED_BASE + Word(adopted); ++s)
      if (auto* u = dynamic_cast<kmodel::Untyped*>(ipct::object_at(k, init_, s))) n += u->live_children;
    return n;
  }

  kmodel::Untyped* pm_untyped;  // procmgr's own untyped (its slot 7)

 private:
  Process init_;
};

bool exited_with(int st, int code) { return pmt::exited(st) && pmt::exit_code(st) == code; }

trona::SpawnOptions with_memory(uint64_t kib, uint64_t flags = 0) {
  trona::SpawnOptions o;
  o.policy = uapi::procmgr::spawn_policy(uapi::procmgr::kSpawnReadinessImmediate, 0, kib);
  o.flags = flags;
  return o;
}

// Blocks init (virtual time) until `done` holds.
template <typename F>
void wait_until(F done) {
  while (!done()) trona::nanosleep(1'000'000);
}

TEST(Quota, ExhaustingTheByteQuotaIsEnomemOthersAreUnaffectedAndExitReturnsEverything) {
  QuotaOs os;
  ResUsage a_during, a_after, procmgr_before, procmgr_after;
  Word live_before = 0, live_during = 0, live_after = 0, pm_watermark_before = 0;
  int b_status = -1, a_status = -1;
  uint64_t a = 0;
  os.init([&] {
    ProcmgrClient pm;
    RsrcsrvClient rs(ipct::kInitRsrcsrvSlot);  // badge 1: the privileged view
    ASSERT_EQ(rs.query_usage(kProcmgrBadge, &procmgr_before), 0);
    live_before = os.rsrcsrv_live_objects();
    pm_watermark_before = os.pm_untyped->watermark;

    // A: 64 KiB, of which procmgr's objects for it take kSpawnBytes.
    ASSERT_EQ(pm.spawn("bin/quota_frame_hog", nullptr, 0, &a, with_memory(64)), 0);
    wait_until([] { return g_a.exhausted; });
    ASSERT_EQ(rs.query_usage(owner_of(a), &a_during), 0);
    live_during = os.rsrcsrv_live_objects();

    // B: no quota of its own; allocates while A sits at its limit.
    uint64_t b = 0;
    ASSERT_EQ(pm.spawn("bin/quota_neighbour", nullptr, 0, &b), 0);
    ASSERT_EQ(pm.wait(static_cast<int32_t>(b), 0, &b_status, nullptr), 0);

    // A's exit: everything charged to it goes back.
    ASSERT_EQ(pm.kill(static_cast<int32_t>(a), uapi::kSIGKILL), 0);
    ASSERT_EQ(pm.wait(static_cast<int32_t>(a), 0, &a_status, nullptr), 0);
    ASSERT_EQ(rs.query_usage(owner_of(a), &a_after), 0);
    ASSERT_EQ(rs.query_usage(kProcmgrBadge, &procmgr_after), 0);
    live_after = os.rsrcsrv_live_objects();
  });
  ASSERT_TRUE(os.run());
  // A: 64 KiB - kSpawnBytes = 21760 bytes leave room for 5 frames.
  EXPECT_EQ(g_a.refusal, uapi::kENOMEM);
  EXPECT_EQ(g_a.made, 5);
  EXPECT_EQ(g_a.usage.bytes, kSpawnBytes + 5 * 4096);
  EXPECT_EQ(g_a.usage.handles, kSpawnHandles + 5);
  EXPECT_EQ(a_during, g_a.usage);
  EXPECT_EQ(live_during, live_before + kSpawnHandles + 5);
  // B was not limited by A.
  EXPECT_EQ(g_b.refusal, 0);
  EXPECT_EQ(g_b.made, 4);
  EXPECT_EQ(g_b.usage.handles, kSpawnHandles + 4);
  EXPECT_TRUE(exited_with(b_status, 0));
  // After A: exactly the figures from before it was spawned.
  EXPECT_EQ((a_status & 0x7f), uapi::kSIGKILL);
  EXPECT_EQ(a_after, ResUsage{});
  EXPECT_EQ(procmgr_after, procmgr_before);
  EXPECT_EQ(live_after, live_before);
  // procmgr built nobody from its own untyped.
  EXPECT_EQ(os.pm_untyped->watermark, pm_watermark_before);
}

TEST(Quota, ExhaustingTheHandleQuotaIsEnomemToo) {
  QuotaOs os;
  Word live_before = 0, live_after = 0;
  ResUsage after;
  os.init([&] {
    ProcmgrClient pm;
    RsrcsrvClient rs(ipct::kInitRsrcsrvSlot);
    live_before = os.rsrcsrv_live_objects();
    // spawn_policy carries bytes only: init (privileged) adds a handle
    // limit while the child is still suspended.
    uint64_t a = 0;
    ASSERT_EQ(pm.spawn("bin/quota_endpoint_hog", nullptr, 0, &a, with_memory(0, uapi::procmgr::kSpawnFlagStartSuspended)),
              0);
    ASSERT_EQ(rs.set_quota(owner_of(a), 0, kSpawnHandles + 10), 0);
    ASSERT_EQ(pm.resume(a), 0);
    wait_until([] { return g_a.exhausted; });
    ASSERT_EQ(pm.kill(static_cast<int32_t>(a), uapi::kSIGKILL), 0);
    int st = 0;
    ASSERT_EQ(pm.wait(static_cast<int32_t>(a), 0, &st, nullptr), 0);
    ASSERT_EQ(rs.query_usage(owner_of(a), &after), 0);
    live_after = os.rsrcsrv_live_objects();
  });
  ASSERT_TRUE(os.run());
  EXPECT_EQ(g_a.refusal, uapi::kENOMEM);
  EXPECT_EQ(g_a.made, 10);
  EXPECT_EQ(g_a.usage.handles, kSpawnHandles + 10);
  EXPECT_EQ(g_a.usage.bytes, kSpawnBytes + 10 * 64);
  EXPECT_EQ(after, ResUsage{});
  EXPECT_EQ(live_after, live_before);
}

TEST(Quota, AQuotaTooSmallForTheProcessItselfFailsTheSpawnWithEnomemAndLeavesNothing) {
  QuotaOs os;
  Word live_before = 0, live_after = 0;
  ResUsage next_owner;
  int spawn_error = 0, later = -1;
  os.init([&] {
    ProcmgrClient pm;
    RsrcsrvClient rs(ipct::kInitRsrcsrvSlot);
    live_before = os.rsrcsrv_live_objects();
    uint64_t pid = 0;
    spawn_error = pm.spawn("bin/quota_churn", nullptr, 0, &pid, with_memory(16));  // < kSpawnBytes
    // The pid it would have had: nothing charged to it is left.
    ASSERT_EQ(rs.query_usage(owner_of(2), &next_owner), 0);
    live_after = os.rsrcsrv_live_objects();
    ASSERT_EQ(pm.spawn("bin/quota_churn", nullptr, 0, &pid, with_memory(128)), 0);  // enough: runs
    ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &later, nullptr), 0);
  });
  ASSERT_TRUE(os.run());
  EXPECT_EQ(spawn_error, uapi::kENOMEM);
  EXPECT_EQ(next_owner, ResUsage{});
  EXPECT_EQ(live_after, live_before);
  EXPECT_TRUE(exited_with(later, 0));
}

TEST(Quota, HundredSpawnsAndExitsLeaveRsrcsrvAndProcmgrUsageUnchanged) {
  QuotaOs os;
  Word live_before = 0, live_after = 0, pm_watermark_before = 0, pm_live_before = 0;
  ResUsage procmgr_before, procmgr_after;
  std::vector<uint64_t> freed_owners;
  int failures = 0;
  os.init([&] {
    ProcmgrClient pm;
    RsrcsrvClient rs(ipct::kInitRsrcsrvSlot);
    ASSERT_EQ(rs.query_usage(kProcmgrBadge, &procmgr_before), 0);
    live_before = os.rsrcsrv_live_objects();
    pm_watermark_before = os.pm_untyped->watermark;
    pm_live_before = os.pm_untyped->live_children;
    for (int i = 0; i < 100; ++i) {
      uint64_t pid = 0;
      int st = -1;
      if (pm.spawn("bin/quota_churn", nullptr, 0, &pid, with_memory(i % 2 == 0 ? 0 : 96)) != 0 ||
          pm.wait(static_cast<int32_t>(pid), 0, &st, nullptr) != 0 || !exited_with(st, 0)) {
        ++failures;
        continue;
      }
      ResUsage u;
      if (rs.query_usage(owner_of(pid), &u) == 0 && u == ResUsage{}) freed_owners.push_back(pid);
    }
    ASSERT_EQ(rs.query_usage(kProcmgrBadge, &procmgr_after), 0);
    live_after = os.rsrcsrv_live_objects();
  });
  ASSERT_TRUE(os.run());
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(freed_owners.size(), 100u);
  EXPECT_EQ(live_after, live_before);
  EXPECT_EQ(procmgr_after, procmgr_before);
  EXPECT_EQ(os.pm_untyped->watermark, pm_watermark_before);
  EXPECT_EQ(os.pm_untyped->live_children, pm_live_before);
}

TEST(Quota, BeforeTheHandOverChildrenComeFromProcmgrsUntypedAndHaveNoRsrcsrvEndpoint) {
  QuotaOs os;
  int without = -1, with = -1;
  Word pm_watermark_before = 0, pm_watermark_after = 0;
  os.init(
      [&] {
        ProcmgrClient pm;
        uint64_t pid = 0;
        pm_watermark_before = os.pm_untyped->watermark;
        ASSERT_EQ(pm.spawn("bin/quota_probe", nullptr, 0, &pid), 0);
        ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &without, nullptr), 0);
        pm_watermark_after = os.pm_untyped->watermark;
        // The hand-over now: the next spawn goes through rsrcsrv.
        ASSERT_EQ(init::hand_rsrcsrv_to_procmgr(ipct::kInitRsrcsrvSlot, kInitRsrcsrvEp, kInitProcmgrCnode,
                                                kProcmgrBadge),
                  uapi::TRONA_OK);
        ASSERT_EQ(pm.spawn("bin/quota_probe", nullptr, 0, &pid), 0);
        ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &with, nullptr), 0);
        EXPECT_EQ(os.pm_untyped->watermark, pm_watermark_after);
      },
      /*hand_over=*/false);
  ASSERT_TRUE(os.run());
  EXPECT_TRUE(exited_with(without, 9));
  EXPECT_GT(pm_watermark_after, pm_watermark_before);
  EXPECT_TRUE(exited_with(with, 0));
}

TEST(Quota, OnlyInitMayHandRsrcsrvToProcmgr) {
  QuotaOs os;
  uint64_t st = 0;
  // A client with an ordinary badge cannot promote anybody.
  os.client("pretender", ipct::kClientBadge + 7, [&] {
    st = init::hand_rsrcsrv_to_procmgr(uapi::SLOT_RSRCSRV_EP, uapi::SLOT_RSRCSRV_EP, 0, kProcmgrBadge);
  });
  os.init([] {}, /*hand_over=*/false);
  ASSERT_TRUE(os.run());
  EXPECT_EQ(st, uapi::TRONA_INSUFFICIENT_RIGHTS);
}

}  // namespace
