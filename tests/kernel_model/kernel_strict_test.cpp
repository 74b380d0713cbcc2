// Issue 16 point 7, the strict memory model: a frame cap maps at one
// address at a time (seL4) and its deletion unmaps it; a copy of the cap
// maps elsewhere (KernelOptions::one_mapping_per_frame_cap, on by default
// since mmsrv keeps one cap per mapping; lenient_vm turns it off).
#include "km_fixture.h"

namespace kt {
namespace {

constexpr Word kVa = 0x20000000;
constexpr Word kRw = VM_USER | VM_WRITABLE;

class KernelStrict : public KernelTest {
 protected:
  KernelStrict() : KernelTest(KernelOptions{}) {}  // the defaults are strict
  SysResult r1, r2, r3;
};

TEST_F(KernelStrict, FrameMapsAtOneAddress) {
  Process p = solo([&] {
    retype(16, OBJ_FRAME, 12, 100);
    r1 = inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, kRw);
    r2 = inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa + 0x1000, kRw);  // the same cap again
    inv(SLOT_VSPACE, VSPACE_UNMAP, kVa);
    r3 = inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa + 0x1000, kRw);  // free again after the unmap
  });
  run();
  EXPECT_EQ(r1.error, OK);
  EXPECT_EQ(r2.error, INVALID_CAPABILITY);
  EXPECT_EQ(r3.error, OK);
  EXPECT_EQ(p.vspace->find(kVa), nullptr);
  EXPECT_NE(p.vspace->find(kVa + 0x1000), nullptr);
}

TEST_F(KernelStrict, ACopiedFrameCapMapsElsewhere) {
  std::uint8_t *a = nullptr, *b = nullptr;
  Process p = solo([&] {
    retype(16, OBJ_FRAME, 12, 100);
    inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, kRw);
    inv(SLOT_CNODE, CNODE_COPY, 100, SLOT_CNODE, 101, RIGHTS_ALL);
    r1 = inv(SLOT_VSPACE, VSPACE_MAP, 101, kVa + 0x1000, kRw);
    r2 = inv(SLOT_VSPACE, VSPACE_MAP, 101, kVa + 0x2000, kRw);
  });
  run();
  EXPECT_EQ(r1.error, OK);
  EXPECT_EQ(r2.error, INVALID_CAPABILITY);
  a = k.peek(*p.vspace, kVa);
  b = k.peek(*p.vspace, kVa + 0x1000);
  EXPECT_EQ(a, b);  // one frame, two addresses, two caps
}

TEST_F(KernelStrict, DeletingAMappedFrameCapUnmapsIt) {
  Process p = solo([&] {
    retype(16, OBJ_FRAME, 12, 100);
    inv(SLOT_CNODE, CNODE_COPY, 100, SLOT_CNODE, 101, RIGHTS_ALL);
    inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, kRw);
    inv(SLOT_VSPACE, VSPACE_MAP, 101, kVa + 0x1000, kRw);
    inv(SLOT_CNODE, CNODE_DELETE, 100);  // the frame lives on in 101
  });
  run();
  EXPECT_EQ(p.vspace->find(kVa), nullptr);
  EXPECT_NE(p.vspace->find(kVa + 0x1000), nullptr);
}

TEST_F(KernelStrict, AMovedFrameCapKeepsItsMapping) {
  Process p = solo([&] {
    retype(16, OBJ_FRAME, 12, 100);
    inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, kRw);
    inv(SLOT_CNODE, CNODE_MOVE, 102, SLOT_CNODE, 100);
    r1 = inv(SLOT_VSPACE, VSPACE_MAP, 102, kVa + 0x1000, kRw);
    inv(SLOT_CNODE, CNODE_DELETE, 102);
  });
  run();
  EXPECT_EQ(r1.error, INVALID_CAPABILITY);
  EXPECT_EQ(p.vspace->find(kVa), nullptr);
}

// §2.7 TCB_CONFIGURE "allocates 16 KiB kernel stack": charged with the
// TCB to its untyped (2 KiB TCB, then the 16 KiB-aligned stack), so
// out-of-memory comes where it would.
TEST_F(KernelStrict, TcbRetypeChargesA16KiBKernelStack) {
  SysResult small, big, after;
  Process p = solo([&] {
    small = retype(16, OBJ_TCB, 0, 20);  // 16 KiB untyped: no room for both
    big = retype(17, OBJ_TCB, 0, 21);    // 32 KiB: TCB at 0, stack at 16..32 KiB
    after = retype(17, OBJ_ENDPOINT, 0, 22);
  }, 14);
  give(p, 17, k.new_untyped(15));
  run();
  EXPECT_EQ(small.error, OUT_OF_MEMORY);
  EXPECT_EQ(big.error, OK);
  EXPECT_EQ(after.error, OUT_OF_MEMORY);
  EXPECT_EQ(cap_at(p, 21).as<Tcb>()->bytes, 32u << 10);
}

class LenientVm : public KernelTest {
 protected:
  LenientVm() : KernelTest(KernelOptions{.lenient_vm = true}) {}
};

TEST_F(LenientVm, ATcbIsTwoKiBWithoutItsKernelStack) {
  SysResult r;
  solo([&] { r = retype(16, OBJ_TCB, 0, 20); }, 14);
  run();
  EXPECT_EQ(r.error, OK);
}

// §2.7 TCB_CONFIGURE "user stack may auto-grow 1 MiB below rsp": a thread
// configured with rsp = kTop touches unmapped pages in the MiB below it
// without a fault; below that MiB it faults to its pager.
class StackGrowth : public KernelTest {
 protected:
  StackGrowth() = default;
  explicit StackGrowth(KernelOptions o) : KernelTest(o) {}
  static constexpr Word kTop = 0x40000000;
  std::vector<Word> fault_addrs;
  Word v = 0;
  void run_thread() {
    Endpoint& fep = k.new_endpoint();
    Process p = proc("owner", [] {});
    Tcb& t = k.create_thread(p, [this] {
      k.store<Word>(kTop - 8, 5);
      v = k.load<Word>(kTop - 8);
      k.store<Word>(kTop - (Word{1} << 20), 6);      // the last page of the MiB
      k.store<Word>(kTop - (Word{1} << 20) - 8, 7);  // below it
    }, ThreadOptions{.start = false});
    op_tcb_configure(k, t, 0x401000, kTop, 0);
    op_tcb_set_fault_handler(k, t, &fep, 0);
    Process pager = proc("pager", [this, &t] {
      SysResult f = sys(SYS_RECV, 10);
      for (;;) {
        fault_addrs.push_back(buf().mr(0));
        k.map_host(*t.vspace, buf().mr(0) & ~Word{0xFFF}, k.new_frame(), VM_WRITABLE | VM_USER);
        f = sys(SYS_REPLY_RECV, 10, mi(0, 0));
      }
    });
    give(pager, 10, fep);
    k.start(t);
    run();
  }
};

TEST_F(StackGrowth, UserStackAutoGrowsOneMiBBelowRsp) {
  run_thread();
  EXPECT_EQ(v, 5u);
  ASSERT_EQ(fault_addrs.size(), 1u);  // only the access below the MiB
  EXPECT_EQ(fault_addrs[0], kTop - (Word{1} << 20) - 8);
}

class StackGrowthLenient : public StackGrowth {
 protected:
  StackGrowthLenient() : StackGrowth(KernelOptions{.lenient_vm = true}) {}
};

TEST_F(StackGrowthLenient, WithLenientVmEveryUnmappedStackPageFaults) {
  run_thread();
  EXPECT_EQ(v, 5u);
  EXPECT_EQ(fault_addrs.size(), 3u);
}

// VSPACE_MAP needs the intermediate tables made with VSPACE_MAP_PT
// (KernelOptions::map_requires_tables, off by default until the servers
// make them): a missing one is NOT_FOUND (seL4_FailedLookup), after the
// frame-cap check and before ALREADY_MAPPED.
class MapNeedsTables : public KernelTest {
 protected:
  explicit MapNeedsTables(KernelOptions o = KernelOptions{.map_requires_tables = true}) : KernelTest(o) {}
  SysResult r1, r2, r3, r4;
};

TEST_F(MapNeedsTables, MapWithoutItsTablesIsNotFoundUntilMapPtMadeThem) {
  Process p = solo([&] {
    retype(16, OBJ_FRAME, 12, 100);
    for (Word s = 101; s <= 103; ++s) retype(16, OBJ_FRAME, 12, s);
    r1 = inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, kRw);
    inv(SLOT_VSPACE, VSPACE_MAP_PT, 101, kVa, 3);
    inv(SLOT_VSPACE, VSPACE_MAP_PT, 102, kVa, 2);
    r2 = inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, kRw);  // no level-1 table yet
    inv(SLOT_VSPACE, VSPACE_MAP_PT, 103, kVa, 1);
    r3 = inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, kRw);
    r4 = inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa + (Word{2} << 20), kRw);  // mapped cap: checked first
  });
  run();
  EXPECT_EQ(r1.error, NOT_FOUND);
  EXPECT_EQ(r2.error, NOT_FOUND);
  EXPECT_EQ(r3.error, OK);
  EXPECT_EQ(r4.error, INVALID_CAPABILITY);
  EXPECT_NE(p.vspace->find(kVa), nullptr);
}

class MapNeedsTablesLenient : public MapNeedsTables {
 protected:
  MapNeedsTablesLenient() : MapNeedsTables(KernelOptions{.lenient_vm = true, .map_requires_tables = true}) {}
};

TEST_F(MapNeedsTablesLenient, LenientVmMapsWithoutTables) {
  solo([&] {
    retype(16, OBJ_FRAME, 12, 100);
    r1 = inv(SLOT_VSPACE, VSPACE_MAP, 100, kVa, kRw);
  });
  run();
  EXPECT_EQ(r1.error, OK);
  EXPECT_FALSE(KernelOptions{}.table_rule());  // not the default yet
}

TEST(FrameCapRuleDefault, OnUnlessLenientOrSwitchedOff) {
  EXPECT_TRUE(KernelOptions{}.frame_cap_rule());
  EXPECT_FALSE(KernelOptions{.lenient_vm = true}.frame_cap_rule());
  EXPECT_FALSE(KernelOptions{.one_mapping_per_frame_cap = false}.frame_cap_rule());
}

// The old rule, kept by --lenient-vm (or the switch alone): a frame cap
// maps at any number of addresses and its deletion leaves the mappings.
class FrameCapRuleOff : public ::testing::TestWithParam<KernelOptions> {
 protected:
  sim::Scheduler sched{sim::SchedulerOptions{.seed = 7}};
  Kernel k{sched, nullptr, GetParam()};
};

TEST_P(FrameCapRuleOff, AFrameCapMapsTwiceAndItsDeletionLeavesTheMappings) {
  SysResult r;
  ProcessOptions o;
  Process p = k.create_process([&] {
    k.syscall(SYS_INVOKE, 16, UNTYPED_RETYPE, OBJ_FRAME, 12, 100);
    k.syscall(SYS_INVOKE, SLOT_CNODE, CNODE_COPY, 100, SLOT_CNODE, 101, RIGHTS_ALL);
    k.syscall(SYS_INVOKE, SLOT_VSPACE, VSPACE_MAP, 100, kVa, kRw);
    r = k.syscall(SYS_INVOKE, SLOT_VSPACE, VSPACE_MAP, 100, kVa + 0x1000, kRw);
    k.syscall(SYS_INVOKE, SLOT_CNODE, CNODE_DELETE, 100);
  }, o);
  k.install(*p.cnode, 16, k.new_untyped(16));
  sched.run();
  EXPECT_EQ(r.error, OK);
  EXPECT_NE(p.vspace->find(kVa), nullptr);
  EXPECT_NE(p.vspace->find(kVa + 0x1000), nullptr);
}

INSTANTIATE_TEST_SUITE_P(LenientOrSwitchedOff, FrameCapRuleOff,
                         ::testing::Values(KernelOptions{.lenient_vm = true},
                                           KernelOptions{.one_mapping_per_frame_cap = false}));

}  // namespace
}  // namespace kt
