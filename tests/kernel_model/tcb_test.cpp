// TCB invocations (§2.7): configure, resume/suspend, registers, priority,
// spaces, IPC buffer, fault handler, FPU/TLS, affinity.
#include "km_fixture.h"

namespace kt {
namespace {

class TcbTest : public KernelTest {
 protected:
  SysResult r, r2, r3;
  // A process whose slot 16 holds an untyped and slot 20 a fresh TCB
  // (retyped by the body via `make_tcb`).
  Process p;
  void start(std::function<void()> body) { p = solo(std::move(body)); }
  void make_tcb() {
    retype(16, OBJ_TCB, 0, 20);
    inv(20, TCB_SET_SPACE, SLOT_CNODE, SLOT_VSPACE, 0);
  }
  Tcb& t20() { return *cap_at(p, 20).as<Tcb>(); }
};

TEST_F(TcbTest, Configure_SetsRipRspIpcBuffer) {
  start([&] {
    make_tcb();
    r = inv(20, TCB_CONFIGURE, 0x401000, 0x7000, 0x300000);
    r2 = inv(20, TCB_READ_REGISTERS);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.value, 0x401000u);
  EXPECT_EQ(t20().rsp, 0x7000u);
  EXPECT_EQ(t20().ipc_buffer_va, 0x300000u);
}

TEST_F(TcbTest, Configure_WithoutVSpace_InvalidOperation) {
  start([&] {
    retype(16, OBJ_TCB, 0, 20);
    r = inv(20, TCB_CONFIGURE, 0x401000, 0x7000, 0x300000);
  });
  run();
  EXPECT_EQ(r.error, INVALID_OPERATION);
}

TEST_F(TcbTest, Configure_UnalignedIpcBuffer_InvalidArgument) {
  start([&] {
    make_tcb();
    r = inv(20, TCB_CONFIGURE, 0x401000, 0x7000, 0x300008);
  });
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
}

TEST_F(TcbTest, Configure_WhileRunning_InvalidOperation) {
  start([&] { r = inv(SLOT_TCB, TCB_CONFIGURE, 0, 0, 0); });
  run();
  EXPECT_EQ(r.error, INVALID_OPERATION);
}

TEST_F(TcbTest, Configure_NeedsConfigureRight) {
  start([&] {
    make_tcb();
    inv(SLOT_CNODE, CNODE_COPY, 20, SLOT_CNODE, 21, RIGHTS_ALL & ~RIGHT_CONFIGURE);
    r = inv(21, TCB_CONFIGURE, 0x401000, 0x7000, 0);
  });
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
}

TEST_F(TcbTest, Resume_RunsRegisteredEntryPoint) {
  int ran = 0;
  Word mr = 0;
  k.register_entry(0x401000, [&] {
    ++ran;
    mr = k.current()->rip;
  });
  start([&] {
    make_tcb();
    inv(20, TCB_CONFIGURE, 0x401000, 0x7000, 0);
    r = inv(20, TCB_RESUME);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(mr, 0x401000u);
}

TEST_F(TcbTest, Resume_NeedsResumeRight) {
  start([&] {
    make_tcb();
    inv(SLOT_CNODE, CNODE_COPY, 20, SLOT_CNODE, 21, RIGHTS_ALL & ~RIGHT_RESUME);
    r = inv(21, TCB_RESUME);
  });
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
}

TEST_F(TcbTest, Resume_WithoutSpaces_InvalidOperation) {
  start([&] {
    retype(16, OBJ_TCB, 0, 20);
    r = inv(20, TCB_RESUME);
  });
  run();
  EXPECT_EQ(r.error, INVALID_OPERATION);
}

TEST_F(TcbTest, Suspend_StopsThreadUntilResume) {
  std::vector<std::string> order;
  Process worker = proc("worker", [&] {
    order.push_back("w1");
    sys(SYS_YIELD);
    order.push_back("w2");
  });
  start([&] {
    r = inv(30, TCB_SUSPEND);
    order.push_back("suspended");
    sched.sleep_for(sim::kMs);
    order.push_back("resume");
    inv(30, TCB_RESUME);
  });
  give(p, 30, *worker.tcb);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(order, (std::vector<std::string>{"w1", "suspended", "resume", "w2"}));
}

TEST_F(TcbTest, Suspend_SendBlockedThreadReissuesSendAfterResume) {
  Endpoint& ep = k.new_endpoint();
  SysResult sr;
  Word got = 0;
  Process cli = proc("cli", [&] { sr = sys(SYS_SEND, 10, mi(33, 0)); });
  give(cli, 10, ep);
  start([&] {
    inv(30, TCB_SUSPEND);
    r = inv(30, TCB_READ_REGISTERS);  // Inactive now: allowed
    inv(30, TCB_RESUME);
    sys(SYS_RECV, 10);
    got = buf().label();
  });
  give(p, 30, *cli.tcb);
  give(p, 10, ep);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(sr.error, OK);
  EXPECT_EQ(got, 33u);
}

TEST_F(TcbTest, Suspend_InReplyWait_ClearsPendingReplyAndCallIsInterrupted) {
  Endpoint& ep = k.new_endpoint();
  SysResult cr, save;
  Process cli = proc("cli", [&] { cr = sys(SYS_CALL, 10, mi(1, 0)); });
  give(cli, 10, ep);
  start([&] {
    sys(SYS_RECV, 10);
    inv(30, TCB_SUSPEND);
    save = inv(SLOT_CNODE, CNODE_SAVE_CALLER, 50);  // the reply right is gone
    inv(30, TCB_RESUME);
  });
  give(p, 30, *cli.tcb);
  give(p, 10, ep);
  run();
  EXPECT_EQ(save.error, NOT_FOUND);
  EXPECT_EQ(cr.error, INTERRUPTED);
}

TEST_F(TcbTest, SuspendSelf_ParksUntilResumedByAnother) {
  sim::VTime back = 0;
  start([&] {
    inv(SLOT_TCB, TCB_SUSPEND);
    back = sched.now();
  });
  Process waker = proc("waker", [&] {
    sched.sleep_for(2 * sim::kMs);
    inv(30, TCB_RESUME);
  });
  give(waker, 30, *p.tcb);
  run();
  EXPECT_EQ(back, 2 * sim::kMs);
}

TEST_F(TcbTest, ReadRegisters_WhileRunning_InvalidOperation) {
  start([&] { r = inv(SLOT_TCB, TCB_READ_REGISTERS); });
  run();
  EXPECT_EQ(r.error, INVALID_OPERATION);
}

TEST_F(TcbTest, WriteRegisters_WithResumeFlagStarts) {
  int ran = 0;
  k.register_entry(0x500000, [&] { ++ran; });
  start([&] {
    make_tcb();
    inv(20, TCB_CONFIGURE, 0x401000, 0, 0);
    r = inv(20, TCB_WRITE_REGISTERS, kWriteRegsResume, 0x500000, 0x9000);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(t20().rsp, 0x9000u);
}

TEST_F(TcbTest, SetPriority_ChangesDeadline) {
  sim::Priority prio = 0;
  start([&] {
    r = inv(SLOT_TCB, TCB_SET_PRIORITY, 7);
    prio = sched.current()->base_priority();
    r2 = inv(SLOT_TCB, TCB_SET_PRIORITY, 0);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(prio, 7u);
  EXPECT_EQ(r2.error, INVALID_ARGUMENT);
}

TEST_F(TcbTest, SetPriority_MoreUrgentRunsFirst) {
  std::vector<std::string> order;
  Process a = proc("a", [&] { order.push_back("a"); });
  proc("b", [&] { order.push_back("b"); });
  op_tcb_set_priority(k, *a.tcb, 500);
  run();
  EXPECT_EQ(order, (std::vector<std::string>{"b", "a"}));
}

TEST_F(TcbTest, SetSpace_DepthAbove64_InvalidArgument) {
  start([&] {
    make_tcb();
    r = inv(20, TCB_SET_SPACE, SLOT_CNODE, SLOT_VSPACE, 65);
  });
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
}

TEST_F(TcbTest, SetSpace_WrongCapTypes_InvalidCapability) {
  start([&] {
    make_tcb();
    r = inv(20, TCB_SET_SPACE, SLOT_VSPACE, SLOT_VSPACE, 0);
  });
  run();
  EXPECT_EQ(r.error, INVALID_CAPABILITY);
}

TEST_F(TcbTest, GetSpaceInfo_WritesDepth) {
  Word depth = 99;
  start([&] {
    make_tcb();
    inv(20, TCB_SET_SPACE, SLOT_CNODE, SLOT_VSPACE, 10);
    r = inv(20, TCB_GET_SPACE_INFO);
    depth = buf().msg[0];
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(depth, 10u);
}

TEST_F(TcbTest, SetIpcBuffer_ChecksAlignmentAndUserHalf) {
  start([&] {
    make_tcb();
    r = inv(20, TCB_SET_IPC_BUFFER, 0x300000);
    r2 = inv(20, TCB_SET_IPC_BUFFER, 0x300010);
    r3 = inv(20, TCB_SET_IPC_BUFFER, kUserVaLimit);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, INVALID_ARGUMENT);
  EXPECT_EQ(r3.error, BAD_ADDRESS);
}

TEST_F(TcbTest, SetFaultHandler_NeedsSendAndRemembersBadge) {
  Endpoint& ep = k.new_endpoint();
  start([&] {
    make_tcb();
    inv(SLOT_CNODE, CNODE_MINT, 40, SLOT_CNODE, 41, 0x99);
    inv(SLOT_CNODE, CNODE_COPY, 40, SLOT_CNODE, 42, RIGHT_RECV);
    r = inv(20, TCB_SET_FAULT_HANDLER, 41);
    r2 = inv(20, TCB_SET_FAULT_HANDLER, 42);
  });
  give(p, 40, ep);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, INSUFFICIENT_RIGHTS);
  EXPECT_EQ(t20().fault_ep, &ep);
  EXPECT_EQ(t20().fault_badge, 0x99u);
}

TEST_F(TcbTest, SetFaultHandler_ZeroClears) {
  Endpoint& ep = k.new_endpoint();
  start([&] {
    make_tcb();
    inv(20, TCB_SET_FAULT_HANDLER, 40);
    r = inv(20, TCB_SET_FAULT_HANDLER, 0);
  });
  give(p, 40, ep);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(t20().fault_ep, nullptr);
  EXPECT_EQ(ep.refs(), 1u);
}

TEST_F(TcbTest, CopyFpuTlsAffinity) {
  start([&] {
    make_tcb();
    k.current()->fpu_tag = 0xF00;
    r = inv(20, TCB_COPY_FPU, SLOT_TCB);
    inv(20, TCB_SET_TLS_BASE, 0x7777000);
    r2 = inv(20, TCB_SET_AFFINITY, kAffinityAny);
    r3 = inv(20, TCB_SET_AFFINITY, 3);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(t20().fpu_tag, 0xF00u);
  EXPECT_EQ(t20().tls_base, 0x7777000u);
  EXPECT_EQ(r2.error, OK);
  EXPECT_EQ(r3.error, INVALID_ARGUMENT);
}

TEST_F(TcbTest, UnknownLabel_InvalidOperation) {
  start([&] { r = inv(SLOT_TCB, 0x50 - 0x11); });
  run();
  EXPECT_EQ(r.error, INVALID_OPERATION);
}

TEST_F(TcbTest, ThreadExit_MakesTcbInactive) {
  bool after = false;
  start([&] {
    sys(SYS_THREAD_EXIT);
    after = true;
  });
  run();
  EXPECT_FALSE(after);
  EXPECT_EQ(p.tcb->state, TcbState::Inactive);
  EXPECT_TRUE(p.tcb->exited);
}

TEST_F(TcbTest, DeletingLastTcbCapKillsThread) {
  bool finished = false;
  Endpoint& ep = k.new_endpoint();
  Process victim = proc("victim", [&] {
    sys(SYS_RECV, 10);
    finished = true;
  });
  give(victim, 10, ep);
  start([&] {
    // victim's own slot 0 holds one reference; drop both.
    k.cap_delete(victim.cnode->slot(SLOT_TCB));
    r = inv(30, CNODE_DELETE, 0);
  });
  give(p, 30, *victim.cnode);
  run();
  EXPECT_FALSE(finished);
  EXPECT_TRUE(ep.receivers.empty());
}

}  // namespace
}  // namespace kt
