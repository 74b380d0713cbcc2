// The rest of the syscalls (clock, sleep, random, futex, debug, shutdown),
// SchedContext, IoPort, IRQ control, and the root task's boot layout.
#include <cstring>

#include "km_fixture.h"

namespace kt {
namespace {

class MiscTest : public KernelTest {
 protected:
  SysResult r, r2, r3;
  Process p;
};

TEST_F(MiscTest, ClockGettime_MonotonicIsVirtualTime) {
  proc("c", [&] {
    sched.sleep_for(7 * sim::kMs);
    r = sys(SYS_CLOCK_GETTIME, CLOCK_ID_MONOTONIC);
    r2 = sys(SYS_CLOCK_GETTIME, CLOCK_ID_REALTIME);
    r3 = sys(SYS_CLOCK_GETTIME, 5);
  });
  run();
  EXPECT_EQ(r.value, 7 * sim::kMs);
  EXPECT_EQ(r2.value, KernelOptions{}.realtime_epoch_ns + 7 * sim::kMs);
  EXPECT_EQ(r3.error, INVALID_ARGUMENT);
}

TEST_F(MiscTest, Nanosleep_AdvancesVirtualTimeOnly) {
  proc("s", [&] {
    r = sys(SYS_NANOSLEEP, 1500 * sim::kUs);
    r2 = sys(SYS_CLOCK_GETTIME, CLOCK_ID_MONOTONIC);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.value, 1500 * sim::kUs);
}

TEST_F(MiscTest, Getrandom_DeterministicFromSeed) {
  std::vector<Word> a, b;
  proc("r", [&] {
    for (int i = 0; i < 4; ++i) a.push_back(sys(SYS_GETRANDOM).value);
  });
  run();
  sim::Scheduler s2{sim::SchedulerOptions{.seed = 7}};
  Kernel k2{s2};
  k2.create_process([&] {
    for (int i = 0; i < 4; ++i) b.push_back(k2.syscall(SYS_GETRANDOM).value);
  });
  s2.run();
  EXPECT_EQ(a, b);
  EXPECT_NE(a[0], a[1]);
}

TEST_F(MiscTest, Getrandom_DiffersAcrossSeeds) {
  Word a = 0, b = 0;
  proc("r", [&] { a = sys(SYS_GETRANDOM).value; });
  run();
  sim::Scheduler s2{sim::SchedulerOptions{.seed = 8}};
  Kernel k2{s2};
  k2.create_process([&] { b = k2.syscall(SYS_GETRANDOM).value; });
  s2.run();
  EXPECT_NE(a, b);
}

TEST_F(MiscTest, Yield_LetsPeerRun) {
  std::vector<int> order;
  proc("a", [&] {
    order.push_back(1);
    sys(SYS_YIELD);
    order.push_back(3);
  });
  proc("b", [&] { order.push_back(2); });
  run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST_F(MiscTest, DebugPutcharPutstrPutbuf_IntoMachineLog) {
  proc("d", [&] {
    sys(SYS_DEBUG_PUTCHAR, 'h');
    sys(SYS_DEBUG_PUTCHAR, 'i');
    std::memcpy(reinterpret_cast<char*>(&buf()) + 3000, "yo\0zz", 5);
    sys(SYS_DEBUG_PUTSTR, kInitIpcBufferVa + 3000, 0);
    r = sys(SYS_DEBUG_PUTBUF, kInitIpcBufferVa + 3003, 2);
    sys(SYS_DEBUG_PUTCHAR, '\n');
    r2 = sys(SYS_DEBUG_CONSOLE_CONTROL, 0);
    r3 = sys(SYS_DEBUG_DUMP_STATE);
  });
  run();
  EXPECT_EQ(k.debug_output(), "hiyozz\n");
  EXPECT_EQ(r.value, 2u);
  EXPECT_EQ(r2.error, OK);
  EXPECT_EQ(r3.error, OK);
}

TEST_F(MiscTest, Shutdown_StopsTheRun) {
  bool after = false;
  proc("s", [&] {
    sys(SYS_SHUTDOWN);
    after = true;
  });
  proc("other", [&] { sched.sleep_for(sim::kSec); });
  EXPECT_EQ(run(), sim::RunResult::Stopped);
  EXPECT_FALSE(after);
  EXPECT_TRUE(k.shutdown_requested());
}

TEST_F(MiscTest, SetInvokeDepths_Ok) {
  SysResult hinted, after, again;
  Process p = proc("d", [&] {
    r = sys(SYS_SET_INVOKE_DEPTHS, 64, 64);
    // a 10-bit CNode addressed with 64 bits: the slot does not resolve
    hinted = inv(SLOT_CNODE, CNODE_COPY, SLOT_VSPACE, SLOT_CNODE, 30, RIGHTS_ALL);
    // the hint was one-shot: flat addressing again
    after = inv(SLOT_CNODE, CNODE_COPY, SLOT_VSPACE, SLOT_CNODE, 30, RIGHTS_ALL);
    sys(SYS_SET_INVOKE_DEPTHS, 10, 10);  // exact depth of a 10-bit root works
    again = inv(SLOT_CNODE, CNODE_COPY, SLOT_VSPACE, SLOT_CNODE, 31, RIGHTS_ALL);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(hinted.error, INVALID_CAPABILITY);
  EXPECT_EQ(after.error, OK);
  EXPECT_EQ(again.error, OK);
  EXPECT_EQ(cap_at(p, 31).obj, cap_at(p, SLOT_VSPACE).obj);
  EXPECT_FALSE(p.tcb->depths_set);
}

class FutexTest : public MiscTest {
 protected:
  static constexpr Word kAddr = kInitIpcBufferVa + 0x800;
};

TEST_F(FutexTest, WaitValueChanged_WouldBlock) {
  proc("f", [&] {
    k.store<std::uint32_t>(kAddr, 5);
    r = sys(SYS_FUTEX, kAddr, FUTEX_OP_WAIT, 4);
  });
  run();
  EXPECT_EQ(r.error, WOULD_BLOCK);
}

TEST_F(FutexTest, WaitThenWakeCountsWoken) {
  Process a = proc("w1", [&] { r = sys(SYS_FUTEX, kAddr, FUTEX_OP_WAIT, 0); });
  k.create_thread(a, [&] { r2 = sys(SYS_FUTEX, kAddr, FUTEX_OP_WAIT, 0); }, ThreadOptions{.name = "w2"});
  k.create_thread(a, [&] { r3 = sys(SYS_FUTEX, kAddr, FUTEX_OP_WAKE, 10); }, ThreadOptions{.name = "waker"});
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, OK);
  EXPECT_EQ(r3.value, 2u);
}

TEST_F(FutexTest, WakeLimitedByVal) {
  SysResult w;
  Process a = proc("w1", [&] { r = sys(SYS_FUTEX, kAddr, FUTEX_OP_WAIT, 0); });
  k.create_thread(a, [&] { r2 = sys(SYS_FUTEX, kAddr, FUTEX_OP_WAIT_TIMEOUT, 0, sim::kMs); },
                  ThreadOptions{.name = "w2"});
  k.create_thread(a, [&] { w = sys(SYS_FUTEX, kAddr, FUTEX_OP_WAKE, 1); }, ThreadOptions{.name = "waker"});
  run();
  EXPECT_EQ(w.value, 1u);
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, CANCELLED);
}

TEST_F(FutexTest, WaitTimeout_Cancelled) {
  proc("f", [&] { r = sys(SYS_FUTEX, kAddr, FUTEX_OP_WAIT_TIMEOUT, 0, 2 * sim::kMs); });
  run();
  EXPECT_EQ(r.error, CANCELLED);
  EXPECT_EQ(sched.now(), 2 * sim::kMs);
}

// The timeout-0 rule (issue 16 point 9): WAIT_TIMEOUT with 0 waits like WAIT.
TEST_F(FutexTest, TimeoutZeroRule_WaitTimeoutZeroWaitsForTheWake) {
  sim::VTime at = 1;
  Process a = proc("w", [&] {
    r = sys(SYS_FUTEX, kAddr, FUTEX_OP_WAIT_TIMEOUT, 0, 0);
    at = sched.now();
  });
  k.create_thread(a, [&] {
    sched.sleep_for(4 * sim::kMs);
    r2 = sys(SYS_FUTEX, kAddr, FUTEX_OP_WAKE, 1);
  }, ThreadOptions{.name = "waker"});
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.value, 1u);
  EXPECT_EQ(at, 4 * sim::kMs);
}

TEST_F(FutexTest, SharedFrameMeetsAcrossVSpaces) {
  Frame& shared = k.new_frame();
  Process a = proc("a", [&] { r = sys(SYS_FUTEX, 0x30000000, FUTEX_OP_WAIT, 0); });
  Process b = proc("b", [&] { r2 = sys(SYS_FUTEX, 0x40000004 - 4, FUTEX_OP_WAKE, 1); });
  k.map_host(*a.vspace, 0x30000000, shared, VM_WRITABLE | VM_USER);
  k.map_host(*b.vspace, 0x40000000, shared, VM_WRITABLE | VM_USER);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.value, 1u);
}

TEST_F(FutexTest, UnalignedOrBadOp_InvalidArgument) {
  proc("f", [&] {
    r = sys(SYS_FUTEX, kAddr + 1, FUTEX_OP_WAKE, 1);
    r2 = sys(SYS_FUTEX, kAddr, 7, 1);
    r3 = sys(SYS_FUTEX, kUserVaLimit, FUTEX_OP_WAKE, 1);
  });
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
  EXPECT_EQ(r2.error, INVALID_ARGUMENT);
  EXPECT_EQ(r3.error, BAD_ADDRESS);
}

TEST_F(MiscTest, SchedContext_ConfigureValidates) {
  std::vector<Word> e;
  p = solo([&] {
    retype(16, OBJ_SCHED_CONTEXT, 0, 100);
    e.push_back(inv(100, SC_CONFIGURE, 10000, 100000).error);
    e.push_back(inv(100, SC_CONFIGURE, 0, 100000).error);
    e.push_back(inv(100, SC_CONFIGURE, 5000, 1000).error);
    e.push_back(inv(100, SC_CONFIGURE, 500, 0).error);  // below one tick
    e.push_back(inv(100, SC_CONFIGURE, 2000, 0).error);  // sporadic
  });
  run();
  EXPECT_EQ(e, (std::vector<Word>{OK, INVALID_ARGUMENT, INVALID_ARGUMENT, INVALID_ARGUMENT, OK}));
}

TEST_F(MiscTest, SchedContext_BindSetsDeadlinePriority) {
  sim::Priority prio = 0;
  Process worker = proc("worker", [&] { prio = sched.current()->base_priority(); });
  op_tcb_suspend(k, *worker.tcb);
  p = solo([&] {
    retype(16, OBJ_SCHED_CONTEXT, 0, 100);
    inv(100, SC_CONFIGURE, 5000, 20000);
    r = inv(100, SC_BIND, 30);
    r2 = inv(100, SC_BIND, 30);
    inv(30, TCB_RESUME);
  });
  give(p, 30, *worker.tcb);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, ALREADY_BOUND);
  EXPECT_EQ(prio, 20u);
}

TEST_F(MiscTest, SchedContext_UnbindWhileReadyBusyElseOk) {
  p = solo([&] {
    retype(16, OBJ_SCHED_CONTEXT, 0, 100);
    inv(100, SC_BIND, 30);
    r = inv(100, SC_UNBIND);  // worker is ready
    sched.sleep_for(sim::kUs);
    r2 = inv(100, SC_UNBIND);  // worker sleeps now
    r3 = inv(100, SC_UNBIND);
  });
  Process worker = proc("worker", [&] { sched.sleep_for(sim::kMs); });
  give(p, 30, *worker.tcb);
  run();
  EXPECT_EQ(r.error, BUSY);
  EXPECT_EQ(r2.error, OK);
  EXPECT_EQ(r3.error, NOT_FOUND);
}

TEST_F(MiscTest, SchedContext_ConsumedAndYieldTo) {
  p = solo([&] {
    retype(16, OBJ_SCHED_CONTEXT, 0, 100);
    inv(100, SC_BIND, SLOT_TCB);
    sched.charge(3 * sim::kMs);
    r = inv(100, SC_CONSUMED);
    r2 = inv(100, SC_YIELD_TO);
    r3 = inv(100, 0x35);
  });
  run();
  EXPECT_EQ(r.value, 3000u);
  EXPECT_EQ(r2.error, OK);
  EXPECT_EQ(r3.error, INVALID_OPERATION);
}

class BusTest : public KernelTest {
 protected:
  FakeBus bus;
  sim::Scheduler s2{sim::SchedulerOptions{.seed = 3}};
  Kernel kb{s2, &bus};
  SysResult r, r2, r3;
};

TEST_F(BusTest, RootTask_WellKnownSlots) {
  Process init = kb.create_root_task([] {});
  CNode& cn = *init.cnode;
  EXPECT_EQ(cn.size_bits, 12u);
  EXPECT_EQ(cn.slot(SLOT_TCB).cap.type(), OBJ_TCB);
  EXPECT_EQ(cn.slot(SLOT_VSPACE).cap.type(), OBJ_VSPACE);
  EXPECT_EQ(cn.slot(SLOT_CNODE).cap.obj, &cn);
  EXPECT_EQ(cn.slot(INIT_SLOT_KBD_IOPORT).cap.as<IoPort>()->base, 0x60);
  EXPECT_EQ(cn.slot(INIT_SLOT_KBD_IOPORT).cap.as<IoPort>()->count, 5u);
  EXPECT_EQ(cn.slot(INIT_SLOT_KBD_IRQ).cap.as<IrqHandler>()->irq, 1u);
  EXPECT_EQ(cn.slot(INIT_SLOT_COM1_IOPORT).cap.as<IoPort>()->base, 0x3F8);
  EXPECT_EQ(cn.slot(INIT_SLOT_COM1_IRQ).cap.as<IrqHandler>()->irq, 4u);
  EXPECT_EQ(cn.slot(INIT_SLOT_COM1_NTFN).cap.type(), OBJ_NOTIFICATION);
  EXPECT_TRUE(cn.slot(INIT_SLOT_IRQ_CONTROL).cap.as<IrqHandler>()->control);
  EXPECT_TRUE(cn.slot(INIT_SLOT_INITRD_UNTYPED).cap.as<Untyped>()->device);
  EXPECT_EQ(cn.slot(INIT_SLOT_FB_UNTYPED).cap.as<Untyped>()->base, FakeBus::kFb);
  EXPECT_EQ(cn.slot(INIT_SLOT_PCI_IOPORT).cap.as<IoPort>()->base, 0xCF8);
  EXPECT_EQ(cn.slot(INIT_SLOT_UNTYPED_BASE).cap.as<Untyped>()->base, FakeBus::kRamBase);
  EXPECT_EQ(cn.slot(INIT_SLOT_UNTYPED_BASE).cap.as<Untyped>()->size(), FakeBus::kRamSize);
  EXPECT_EQ(init.tcb->ipc_buffer_va, kInitIpcBufferVa);
  EXPECT_EQ(init.tcb->sc->budget_ticks, 10u);
  EXPECT_EQ(init.tcb->sc->period_ticks, 100u);
}

TEST_F(BusTest, RootTask_BootInfoPageAndInitrdMapping) {
  Word magic = 0, initrd_va = 0, ram = 0;
  char first = 0;
  kb.create_root_task([&] {
    magic = kb.load<Word>(kBootInfoVa);
    initrd_va = kb.load<Word>(kBootInfoVa + 8);
    ram = kb.load<Word>(kBootInfoVa + 8 * kBootInfoWordRamBytes);
    first = kb.load<char>(kInitrdVa);
    kb.store<Word>(kInitStackVa, 1);  // demand-zero stack
  });
  s2.run();
  EXPECT_EQ(magic, kBootInfoMagic);
  EXPECT_EQ(initrd_va, kInitrdVa);
  EXPECT_EQ(ram, FakeBus::kRamSize);
  EXPECT_EQ(first, 'I');
}

TEST_F(BusTest, RootTask_RetypedFrameUsesMachineRam) {
  kb.create_root_task([&] {
    r = kb.syscall(SYS_INVOKE, INIT_SLOT_UNTYPED_BASE, UNTYPED_RETYPE, OBJ_FRAME, 12, 100);
    kb.syscall(SYS_INVOKE, SLOT_VSPACE, VSPACE_MAP, 100, 0x10000000, VM_WRITABLE | VM_USER);
    kb.store<std::uint32_t>(0x10000000, 0xCAFE);
  });
  s2.run();
  EXPECT_EQ(r.error, OK);
  std::uint32_t v = 0;
  std::memcpy(&v, bus.pages[FakeBus::kRamBase].data(), 4);
  EXPECT_EQ(v, 0xCAFEu);
}

TEST_F(BusTest, IoPort_InOutThroughBus) {
  bus.port_values[0x3FD] = 0x60;
  kb.create_root_task([&] {
    r = kb.syscall(SYS_INVOKE, INIT_SLOT_COM1_IOPORT, IOPORT_IN8, 5);
    r2 = kb.syscall(SYS_INVOKE, INIT_SLOT_COM1_IOPORT, IOPORT_OUT8, 0, 'A');
    r3 = kb.syscall(SYS_INVOKE, INIT_SLOT_COM1_IOPORT, IOPORT_IN32, 6);  // 6..9 exceeds 8 ports
  });
  s2.run();
  EXPECT_EQ(r.value, 0x60u);
  EXPECT_EQ(r2.error, OK);
  ASSERT_EQ(bus.outs.size(), 1u);
  EXPECT_EQ(bus.outs[0], std::make_tuple(std::uint16_t{0x3F8}, 1u, std::uint32_t{'A'}));
  EXPECT_EQ(r3.error, OUT_OF_RANGE);
}

TEST_F(BusTest, IoPort_CreateAndConfigureOnce) {
  SysResult c1, c2, c3;
  kb.create_root_task([&] {
    r = kb.syscall(SYS_INVOKE, INIT_SLOT_IRQ_CONTROL, IOPORT_CREATE, 0x1F0, 8, SLOT_CNODE, 200);
    r2 = kb.syscall(SYS_INVOKE, INIT_SLOT_IRQ_CONTROL, IOPORT_CREATE, 0xFFFF, 2, SLOT_CNODE, 201);
    kb.syscall(SYS_INVOKE, INIT_SLOT_UNTYPED_BASE, UNTYPED_RETYPE, OBJ_IO_PORT, 0, 202);
    c1 = kb.syscall(SYS_INVOKE, 202, IOPORT_IN8, 0);
    c2 = kb.syscall(SYS_INVOKE, 202, IOPORT_CONFIGURE, 0x70, 2);
    c3 = kb.syscall(SYS_INVOKE, 202, IOPORT_CONFIGURE, 0x70, 2);
    r3 = kb.syscall(SYS_INVOKE, INIT_SLOT_COM1_IOPORT, IOPORT_CREATE, 0x1F0, 8, SLOT_CNODE, 203);
  });
  s2.run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, INVALID_ARGUMENT);
  EXPECT_EQ(c1.error, INVALID_OPERATION);
  EXPECT_EQ(c2.error, OK);
  EXPECT_EQ(c3.error, ALREADY_EXISTS);
  EXPECT_EQ(r3.error, INVALID_OPERATION);  // an IoPort has no IOPORT_CREATE
}

TEST_F(BusTest, IrqControlGet_SecondTimeAlreadyExists) {
  kb.create_root_task([&] {
    r = kb.syscall(SYS_INVOKE, INIT_SLOT_IRQ_CONTROL, IRQ_CONTROL_GET, 11, SLOT_CNODE, 200);
    r2 = kb.syscall(SYS_INVOKE, INIT_SLOT_IRQ_CONTROL, IRQ_CONTROL_GET, 11, SLOT_CNODE, 201);
    r3 = kb.syscall(SYS_INVOKE, INIT_SLOT_COM1_IRQ, IRQ_CONTROL_GET, 12, SLOT_CNODE, 202);  // no CONFIGURE
  });
  s2.run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, ALREADY_EXISTS);
  EXPECT_EQ(r3.error, INSUFFICIENT_RIGHTS);
}

TEST_F(BusTest, Irq_Com1LineSignalsNotificationAndAckUnmasks) {
  Word bits1 = 0, bits2 = 0;
  kb.create_root_task([&] {
    bits1 = kb.syscall(SYS_WAIT, INIT_SLOT_COM1_NTFN).value;
    bus.sink(kCom1Irq);  // masked: remembered
    r = kb.syscall(SYS_POLL, INIT_SLOT_COM1_NTFN);
    kb.syscall(SYS_INVOKE, INIT_SLOT_COM1_IRQ, IRQ_HANDLER_ACK);
    bits2 = kb.syscall(SYS_POLL, INIT_SLOT_COM1_NTFN).value;
  });
  kb.scheduler().clock().schedule_after(sim::kMs, [&] { bus.sink(kCom1Irq); });
  s2.run();
  EXPECT_EQ(bits1, Word{1} << kCom1Irq);
  EXPECT_EQ(r.error, WOULD_BLOCK);
  EXPECT_EQ(bits2, Word{1} << kCom1Irq);
}

TEST_F(BusTest, DeviceUntypedCreate_ThenMapMmioFrame) {
  std::uint32_t v = 0;
  bus.mmio[FakeBus::kMmio + 0x10] = 0xABCD;
  kb.create_root_task([&] {
    r = kb.syscall(SYS_INVOKE, INIT_SLOT_IRQ_CONTROL, DEVICE_UNTYPED_CREATE, FakeBus::kMmio, 12, SLOT_CNODE, 200);
    r2 = kb.syscall(SYS_INVOKE, SLOT_VSPACE, VSPACE_MAP_DEVICE, 200, 0, 0x50000000, VM_WRITABLE | VM_USER | VM_CACHE_DISABLE);
    v = kb.load<std::uint32_t>(0x50000010);
    kb.store<std::uint32_t>(0x50000014, 7);
    r3 = kb.syscall(SYS_INVOKE, INIT_SLOT_IRQ_CONTROL, DEVICE_UNTYPED_CREATE, FakeBus::kMmio + 1, 12, SLOT_CNODE, 201);
  });
  s2.run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, OK);
  EXPECT_EQ(v, 0xABCDu);
  EXPECT_EQ(bus.mmio[FakeBus::kMmio + 0x14], 7u);
  EXPECT_EQ(r3.error, INVALID_ARGUMENT);
}

TEST_F(MiscTest, Introspection_WaitsListsBlockedThreads) {
  Endpoint& ep = k.new_endpoint();
  Process srv = proc("srv", [&] { sys(SYS_RECV, 10); });
  give(srv, 10, ep);
  run();
  auto w = k.waits();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].thread, "srv");
  EXPECT_EQ(w[0].state, TcbState::BlockedRecv);
  EXPECT_EQ(w[0].object, ep.id());
  EXPECT_NE(k.waits_report().find("(recv)"), std::string::npos);
}

TEST_F(MiscTest, Determinism_SameSeedSameDecisionHash) {
  auto scenario = [](std::uint64_t seed) {
    sim::Scheduler s{sim::SchedulerOptions{.seed = seed}};
    Kernel kk{s};
    Endpoint& ep = kk.new_endpoint();
    Process a = kk.create_process([&] {
      for (int i = 0; i < 5; ++i) {
        kk.syscall(SYS_RECV, 10);
        kk.syscall(SYS_NANOSLEEP, kk.syscall(SYS_GETRANDOM).value % 1000);
      }
    });
    Process b = kk.create_process([&] {
      for (int i = 0; i < 5; ++i) kk.syscall(SYS_SEND, 10, MsgInfo::encode(i, 0));
    });
    kk.install(*a.cnode, 10, ep);
    kk.install(*b.cnode, 10, ep);
    s.run();
    return std::make_pair(s.decisions().hash(), s.now());
  };
  EXPECT_EQ(scenario(11), scenario(11));
}

}  // namespace
}  // namespace kt
