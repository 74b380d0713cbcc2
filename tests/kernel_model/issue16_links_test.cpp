// Issue 16 points 8, 4 and 2: device capabilities in the derivation tree,
// TCB_CONFIGURE on a thread that has run, kernel-side links that do not
// keep objects alive.
#include "km_fixture.h"

namespace kt {
namespace {

class Issue16Bus : public BusKernelTest {
 protected:
  SysResult inv_b(Word cap, Word label, Word a0 = 0, Word a1 = 0, Word a2 = 0, Word a3 = 0) {
    return kb.syscall(SYS_INVOKE, cap, label, a0, a1, a2, a3);
  }
};

// ---------------------------------------------------------------- point 8

TEST_F(Issue16Bus, Issue16Point8_RevokingIrqControlRemovesItsHandlers) {
  SysResult get, copy, revoke, ack_issued, ack_copy, get_again, ack_boot;
  kb.create_root_task([&] {
    get = inv_b(INIT_SLOT_IRQ_CONTROL, IRQ_CONTROL_GET, 5, SLOT_CNODE, 200);
    copy = inv_b(SLOT_CNODE, CNODE_COPY, 200, SLOT_CNODE, 201);
    inv_b(INIT_SLOT_IRQ_CONTROL, IOPORT_CREATE, 0x1F0, 8, SLOT_CNODE, 202);
    revoke = inv_b(SLOT_CNODE, CNODE_REVOKE, INIT_SLOT_IRQ_CONTROL);
    ack_issued = inv_b(200, IRQ_HANDLER_ACK);
    ack_copy = inv_b(201, IRQ_HANDLER_ACK);
    get_again = inv_b(INIT_SLOT_IRQ_CONTROL, IRQ_CONTROL_GET, 5, SLOT_CNODE, 203);
    ack_boot = inv_b(INIT_SLOT_COM1_IRQ, IRQ_HANDLER_ACK);  // boot caps are not IrqControl's
  });
  s2.run();
  ASSERT_EQ(get.error, OK);
  ASSERT_EQ(copy.error, OK);
  EXPECT_EQ(revoke.error, OK);
  EXPECT_EQ(ack_issued.error, INVALID_CAPABILITY);
  EXPECT_EQ(ack_copy.error, INVALID_CAPABILITY);
  EXPECT_EQ(get_again.error, OK);  // the line is free again
  EXPECT_EQ(ack_boot.error, OK);
}

TEST_F(Issue16Bus, Issue16Point8_DeviceUntypedCreateRefusesRamAndOverlaps) {
  SysResult ram, straddle, pool, mmio, twice, fb, initrd, after_delete;
  kb.create_root_task([&] {
    ram = inv_b(INIT_SLOT_IRQ_CONTROL, DEVICE_UNTYPED_CREATE, FakeBus::kRamBase, 12, SLOT_CNODE, 200);
    straddle = inv_b(INIT_SLOT_IRQ_CONTROL, DEVICE_UNTYPED_CREATE, 0, 21, SLOT_CNODE, 200);  // 0..2 MiB
    pool = inv_b(INIT_SLOT_IRQ_CONTROL, DEVICE_UNTYPED_CREATE, PhysMem::kPoolBase, 12, SLOT_CNODE, 200);
    mmio = inv_b(INIT_SLOT_IRQ_CONTROL, DEVICE_UNTYPED_CREATE, FakeBus::kMmio, 12, SLOT_CNODE, 200);
    twice = inv_b(INIT_SLOT_IRQ_CONTROL, DEVICE_UNTYPED_CREATE, FakeBus::kMmio, 13, SLOT_CNODE, 201);
    fb = inv_b(INIT_SLOT_IRQ_CONTROL, DEVICE_UNTYPED_CREATE, FakeBus::kFb, 12, SLOT_CNODE, 201);
    initrd = inv_b(INIT_SLOT_IRQ_CONTROL, DEVICE_UNTYPED_CREATE, FakeBus::kInitrd, 12, SLOT_CNODE, 201);
    inv_b(SLOT_CNODE, CNODE_DELETE, 200);
    after_delete = inv_b(INIT_SLOT_IRQ_CONTROL, DEVICE_UNTYPED_CREATE, FakeBus::kMmio, 12, SLOT_CNODE, 201);
  });
  s2.run();
  EXPECT_EQ(ram.error, INVALID_ARGUMENT);
  EXPECT_EQ(straddle.error, INVALID_ARGUMENT);
  EXPECT_EQ(pool.error, INVALID_ARGUMENT);
  EXPECT_EQ(mmio.error, OK);
  EXPECT_EQ(twice.error, ALREADY_EXISTS);
  EXPECT_EQ(fb.error, ALREADY_EXISTS);
  EXPECT_EQ(initrd.error, ALREADY_EXISTS);
  EXPECT_EQ(after_delete.error, OK);
}

TEST_F(Issue16Bus, Issue16Point8_IrqWithoutNotificationStaysMaskedAndIsCounted) {
  SysResult cleared_poll, rewired_poll, acked_poll;
  std::uint64_t undelivered = 0, unclaimed = 0;
  kb.create_root_task([&] {
    inv_b(INIT_SLOT_COM1_IRQ, IRQ_HANDLER_CLEAR);
    bus.sink(kCom1Irq);  // nobody to tell: masked, counted
    cleared_poll = kb.syscall(SYS_POLL, INIT_SLOT_COM1_NTFN);
    undelivered = kb.irq_undelivered(kCom1Irq);
    inv_b(INIT_SLOT_COM1_IRQ, IRQ_HANDLER_SET_NOTIFICATION, INIT_SLOT_COM1_NTFN);
    bus.sink(kCom1Irq);  // still masked: held until ACK
    rewired_poll = kb.syscall(SYS_POLL, INIT_SLOT_COM1_NTFN);
    inv_b(INIT_SLOT_COM1_IRQ, IRQ_HANDLER_ACK);
    acked_poll = kb.syscall(SYS_POLL, INIT_SLOT_COM1_NTFN);
    bus.sink(9);  // no handler claimed
    unclaimed = kb.irq_undelivered(9);
  });
  s2.run();
  EXPECT_EQ(cleared_poll.error, WOULD_BLOCK);
  EXPECT_EQ(undelivered, 1u);
  EXPECT_EQ(rewired_poll.error, WOULD_BLOCK);
  EXPECT_EQ(acked_poll.error, OK);
  EXPECT_EQ(acked_poll.value, Word{1} << kCom1Irq);
  EXPECT_EQ(kb.irq_undelivered(kCom1Irq), 1u);
  EXPECT_EQ(unclaimed, 1u);
}

// ---------------------------------------------------------------- point 4

TEST_F(KernelTest, Issue16Point4_ConfigureAfterRunTakesEffectAtResume) {
  constexpr Word kNewRip = 0x600000, kNewRsp = 0x7FF0, kEp = 20, kWorker = 21;
  int new_runs = 0;
  Word new_rsp = 0;
  bool old_continued = false;
  SysResult cfg, regs, resume;
  k.register_entry(kNewRip, [&] {
    ++new_runs;
    new_rsp = k.current()->rsp;
  });
  Endpoint& ep = k.new_endpoint();
  Process worker = proc("worker", [&] {
    sys(SYS_RECV, kEp);  // has run: parked in the kernel
    old_continued = true;
  });
  Process ctl = proc("ctl", [&] {
    sched.sleep_for(sim::kUs);
    inv(kWorker, TCB_SUSPEND);
    cfg = inv(kWorker, TCB_CONFIGURE, kNewRip, kNewRsp, kInitIpcBufferVa);
    regs = inv(kWorker, TCB_READ_REGISTERS);
    resume = inv(kWorker, TCB_RESUME);
    sched.sleep_for(sim::kUs);
    sys(SYS_SEND, kEp, mi(1, 0));  // nobody is in the old RECV any more
  });
  give(worker, kEp, ep);
  give(ctl, kEp, ep);
  give(ctl, kWorker, *worker.tcb);
  run();
  EXPECT_EQ(cfg.error, OK);
  EXPECT_EQ(regs.value, kNewRip);  // READ_REGISTERS and the code that runs agree
  EXPECT_EQ(resume.error, OK);
  EXPECT_EQ(new_runs, 1);
  EXPECT_EQ(new_rsp, kNewRsp);
  EXPECT_FALSE(old_continued);
}

// ---------------------------------------------------------------- point 2

// A notification, a fault endpoint, a CSpace and a VSpace, all carved from
// untyped 16, linked from TCBs of elsewhere and from an IRQ handler: once
// their caps are deleted the objects are destroyed, every link is cleared
// and untyped 16 resets.
TEST_F(KernelTest, Issue16Point2_KernelLinksDoNotKeepObjectsAlive) {
  constexpr Word kUt = 16, kOtherUt = 17, kNtfn = 100, kEp = 101, kCn = 102, kVs = 103, kSpaced = 104,
                 kWorker = 30, kIrqCtl = 41, kIrq = 42;
  SysResult bind, fault, space, irq_ntfn, reset, reset_busy_before;
  Word ids[4] = {};
  Process w = proc("worker", [&] { sched.sleep_for(sim::kMs); });
  Process p = solo([&] {
    retype(kUt, OBJ_NOTIFICATION, 0, kNtfn);
    retype(kUt, OBJ_ENDPOINT, 0, kEp);
    retype(kUt, OBJ_CNODE, 4, kCn);
    retype(kUt, OBJ_VSPACE, 0, kVs);
    retype(kOtherUt, OBJ_TCB, 0, kSpaced);
    bind = inv(kWorker, TCB_BIND_NOTIFICATION, kNtfn);
    fault = inv(kWorker, TCB_SET_FAULT_HANDLER, kEp);
    space = inv(kSpaced, TCB_SET_SPACE, kCn, kVs, 0);
    inv(kIrqCtl, IRQ_CONTROL_GET, 5, SLOT_CNODE, kIrq);
    irq_ntfn = inv(kIrq, IRQ_HANDLER_SET_NOTIFICATION, kNtfn);
    reset_busy_before = inv(kUt, UNTYPED_RESET);  // the caps still exist
    for (Word s = kNtfn; s <= kVs; ++s) {
      ids[s - kNtfn] = k.lookup(*k.current()->cspace, s)->cap.obj->id();
      inv(SLOT_CNODE, CNODE_DELETE, s);
    }
    reset = inv(kUt, UNTYPED_RESET);  // only links referred to them
  });
  give(p, kOtherUt, k.new_untyped(16));
  give(p, kWorker, *w.tcb);
  give(p, kIrqCtl, k.make_object<IrqHandler>(kMaxIrq, true));
  run();
  ASSERT_EQ(bind.error, OK);
  ASSERT_EQ(fault.error, OK);
  ASSERT_EQ(space.error, OK);
  ASSERT_EQ(irq_ntfn.error, OK);
  EXPECT_EQ(reset_busy_before.error, BUSY);
  EXPECT_EQ(reset.error, OK);
  for (Word id : ids) EXPECT_EQ(k.objects().find(id), nullptr) << "object " << id << " still alive";
  EXPECT_EQ(w.tcb->bound_ntfn, nullptr);
  EXPECT_EQ(w.tcb->fault_ep, nullptr);
  Tcb* spaced = cap_at(p, kSpaced).as<Tcb>();
  EXPECT_EQ(spaced->cspace, nullptr);
  EXPECT_EQ(spaced->vspace, nullptr);
  ASSERT_NE(k.irq_handlers()[5], nullptr);
  EXPECT_EQ(k.irq_handlers()[5]->ntfn, nullptr);
  k.irq_raised(5);  // nobody to tell any more: masked and counted
  EXPECT_EQ(k.irq_undelivered(5), 1u);
}

// A thread whose CSpace and VSpace are destroyed under it cannot run on:
// it is suspended, and a RESUME is refused until it gets new spaces.
TEST_F(KernelTest, Issue16Point2_ThreadLosingItsSpacesIsSuspended) {
  constexpr Word kUt = 16, kCn = 102, kVs = 103, kWorker = 30;
  SysResult resume;
  TcbState after_delete = TcbState::Running;
  Process w = proc("worker", [&] { sys(SYS_NANOSLEEP, sim::kMs); });
  Process p = solo([&] {
    retype(kUt, OBJ_CNODE, 4, kCn);
    retype(kUt, OBJ_VSPACE, 0, kVs);
    inv(kWorker, TCB_SET_SPACE, kCn, kVs, 0);
    inv(SLOT_CNODE, CNODE_DELETE, kCn);
    inv(SLOT_CNODE, CNODE_DELETE, kVs);
    after_delete = w.tcb->state;
    resume = inv(kWorker, TCB_RESUME);
  });
  give(p, kWorker, *w.tcb);
  run();
  EXPECT_EQ(after_delete, TcbState::Inactive);
  EXPECT_EQ(resume.error, INVALID_OPERATION);
}

}  // namespace
}  // namespace kt
