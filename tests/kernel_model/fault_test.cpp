// Faults (§2.11): VM faults become fault IPC to the fault endpoint with
// the remembered badge; an empty reply re-runs the access; no handler
// leaves the thread Inactive; user exceptions and unknown syscalls.
#include "km_fixture.h"

namespace kt {
namespace {

constexpr Word kVa = 0x20000000;

class FaultTest : public KernelTest {
 protected:
  Endpoint& fep = k.new_endpoint();
  Process app, pager;
  std::vector<std::array<Word, 6>> faults;  // label, len, mr0..mr3
  Word fault_badge = 0;
  // A pager that maps a fresh frame at the faulting page and replies.
  void start_pager(bool fix = true, Word reply_label = 0) {
    pager = proc("pager", [&, fix, reply_label] {
      SysResult r = sys(SYS_RECV, 10);
      for (;;) {
        fault_badge = r.value;
        IpcBuffer& b = buf();
        faults.push_back({b.label(), b.length(), b.mr(0), b.mr(1), b.mr(2), b.mr(3)});
        if (fix && b.label() == FAULT_VM) {
          Word slot = 100 + faults.size();
          retype(16, OBJ_FRAME, 12, slot);
          Word page = b.mr(0) & ~Word{0xFFF};
          Word flags = VM_USER | (b.mr(3) ? VM_EXECUTABLE : VM_WRITABLE);
          if (!(b.mr(1) & PF_PRESENT))
            inv(20, VSPACE_MAP, slot, page, flags);
          else if (b.mr(1) & PF_WRITE)
            inv(20, VSPACE_COW_RESOLVE, page, slot, flags);  // copy into a private frame
          else
            inv(20, VSPACE_PROTECT, page, flags);
        }
        r = sys(SYS_REPLY_RECV, 10, mi(reply_label, 0));
      }
    });
    give(pager, 10, fep);
    give(pager, 16, k.new_untyped(16));
  }
  void start_app(std::function<void()> body, Word badge = 0x5A) {
    app = proc("app", std::move(body));
    give(app, 10, fep, RIGHTS_ALL, badge);
    op_tcb_set_fault_handler(k, *app.tcb, &fep, badge);
  }
  void link() { give(pager, 20, *app.vspace); }
};

TEST_F(FaultTest, VmFault_UnmappedRead_DeliveredAndResumed) {
  Word v = 1;
  start_pager();
  start_app([&] { v = k.load<Word>(kVa + 0x10); });
  link();
  run();
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0][0], FAULT_VM);
  EXPECT_EQ(faults[0][1], 4u);
  EXPECT_EQ(faults[0][2], kVa + 0x10);
  EXPECT_EQ(faults[0][3], PF_USER);
  EXPECT_EQ(faults[0][5], 0u);
  EXPECT_EQ(v, 0u);
  EXPECT_EQ(fault_badge, 0x5Au);
}

TEST_F(FaultTest, VmFault_WriteToReadOnly_ErrorCodePresentWrite) {
  start_pager();
  start_app([&] {
    inv(SLOT_VSPACE, VSPACE_MAP_DEMAND, kVa, VM_USER);
    k.store<Word>(kVa, 3);
  });
  link();
  run();
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0][3], PF_PRESENT | PF_WRITE | PF_USER);
  EXPECT_EQ(*reinterpret_cast<Word*>(k.peek(*app.vspace, kVa)), 3u);
}

TEST_F(FaultTest, VmFault_ExecuteWithoutExecute_InstructionFetchFlag) {
  start_pager();
  start_app([&] {
    inv(SLOT_VSPACE, VSPACE_MAP_DEMAND, kVa, VM_USER | VM_WRITABLE);
    k.execute(kVa);
  });
  link();
  run();
  ASSERT_GE(faults.size(), 1u);
  EXPECT_EQ(faults[0][3], PF_PRESENT | PF_INSTR | PF_USER);
  EXPECT_EQ(faults[0][5], 1u);
}

TEST_F(FaultTest, VmFault_CowWithoutPoolGoesToPager) {
  VSpace& other = k.new_vspace();
  start_pager();
  start_app([&] {
    inv(SLOT_VSPACE, VSPACE_MAP_DEMAND, kVa, VM_USER | VM_WRITABLE);
    k.store<Word>(kVa, 1);
    inv(SLOT_VSPACE, VSPACE_CLONE_COW_PAGE, kVa, 40, kVa);
    k.store<Word>(kVa, 2);
  });
  give(app, 40, other);
  link();
  run();
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0][3], PF_PRESENT | PF_WRITE | PF_USER);
}

TEST_F(FaultTest, VmFault_ReportsPc) {
  start_pager();
  start_app([&] {
    k.current()->rip = 0x401234;
    k.load<Word>(kVa);
  });
  link();
  run();
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0][4], 0x401234u);
}

TEST_F(FaultTest, NoHandler_ThreadInactiveUntilResumed) {
  bool after = false;
  Process lone = proc("lone", [&] {
    k.load<Word>(kVa);
    after = true;
  });
  run();
  EXPECT_FALSE(after);
  EXPECT_EQ(lone.tcb->state, TcbState::Inactive);
  auto w = k.waits();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].on.find("suspended"), std::string::npos);
}

TEST_F(FaultTest, NonZeroReplyLabel_LeavesThreadSuspended) {
  bool after = false;
  start_pager(false, 1);
  start_app([&] {
    k.load<Word>(kVa);
    after = true;
  });
  link();
  run();
  EXPECT_EQ(faults.size(), 1u);
  EXPECT_FALSE(after);
  EXPECT_EQ(app.tcb->state, TcbState::Inactive);
}

TEST_F(FaultTest, FaultReplyNeverCarriesCaps) {
  Notification& n = k.new_notification();
  bool resumed = false;
  start_app([&] {
    buf().receive_cnode = SLOT_CNODE;
    buf().receive_index = 60;
    k.load<Word>(kVa);
    resumed = true;
  });
  pager = proc("pager", [&] {
    sys(SYS_RECV, 10);
    inv(20, VSPACE_MAP_DEMAND, kVa, VM_USER);
    buf().caps[0] = 30;
    sys(SYS_REPLY_RECV, 10, mi(0, 0, 1));
  });
  give(pager, 10, fep);
  give(pager, 30, n);
  link();
  run();
  EXPECT_TRUE(cap_at(app, 60).empty());
  EXPECT_TRUE(resumed);
}

TEST_F(FaultTest, FaultReplyLeavesIpcBufferUntouched) {
  Word mr0 = 0;
  start_pager();
  start_app([&] {
    buf().mr(0) = 0xC0FFEE;
    k.load<Word>(kVa);
    mr0 = buf().mr(0);
  });
  link();
  run();
  EXPECT_EQ(mr0, 0xC0FFEEu);
}

TEST_F(FaultTest, UserException_Label4WithVectorCodePcSp) {
  start_pager();
  start_app([&] {
    k.current()->rsp = 0x7FF0;
    k.raise_exception(13, 0x18);
  });
  link();
  run();
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0][0], FAULT_USER_EXCEPTION);
  EXPECT_EQ(faults[0][2], 13u);
  EXPECT_EQ(faults[0][3], 0x18u);
  EXPECT_EQ(faults[0][5], 0x7FF0u);
}

TEST_F(FaultTest, UnknownSyscall_FaultThenInvalidOperation) {
  SysResult r;
  start_pager();
  start_app([&] { r = sys(99); });
  link();
  run();
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0][0], FAULT_UNKNOWN_SYSCALL);
  EXPECT_EQ(faults[0][2], 99u);
  EXPECT_EQ(r.error, INVALID_OPERATION);
}

TEST_F(FaultTest, UnknownSyscallWithoutHandler_InvalidOperation) {
  SysResult r;
  proc("x", [&] { r = sys(29); });
  run();
  EXPECT_EQ(r.error, INVALID_OPERATION);
}

TEST_F(FaultTest, FaultsQueueWhenPagerBusy) {
  std::vector<Word> vals;
  start_app([&] { vals.push_back(k.load<Word>(kVa)); });
  Process app2 = proc("app2", [&] { vals.push_back(k.load<Word>(kVa)); });
  op_tcb_set_fault_handler(k, *app2.tcb, &fep, 2);
  pager = proc("pager", [&] {
    for (int i = 0; i < 2; ++i) {
      SysResult r = sys(SYS_RECV, 10);
      faults.push_back({r.value, 0, 0, 0, 0, 0});
      inv(r.value == 2 ? 21 : 20, VSPACE_MAP_DEMAND, kVa, VM_USER);
      inv(SLOT_CNODE, CNODE_SAVE_CALLER, 50);
      sys(SYS_SEND, 50, mi(0, 0));
    }
  });
  give(pager, 10, fep);
  give(pager, 20, *app.vspace);
  give(pager, 21, *app2.vspace);
  run();
  ASSERT_EQ(faults.size(), 2u);
  EXPECT_EQ(faults[0][0], 0x5Au);
  EXPECT_EQ(faults[1][0], 2u);
  EXPECT_EQ(vals, (std::vector<Word>{0, 0}));
}

TEST_F(FaultTest, FaultEventsRecorded) {
  record_events();
  start_pager();
  start_app([&] { k.load<Word>(kVa); });
  link();
  run();
  EXPECT_GE(count(KernelEvent::Kind::Fault), 1u);
  EXPECT_EQ(count(KernelEvent::Kind::FaultReply), 1u);
}

}  // namespace
}  // namespace kt
