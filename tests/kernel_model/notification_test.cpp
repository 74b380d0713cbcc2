// Notifications (§2.1, §2.4): OR-ing, WAIT clears, POLL, binding, bound
// RECV wake-up, interrupted CALL (RESTART vs INTERRUPTED), dispatcher.
#include "km_fixture.h"

namespace kt {
namespace {

class NtfnTest : public KernelTest {
 protected:
  Notification& n = k.new_notification();
  Endpoint& ep = k.new_endpoint();
  Process with_n(const std::string& name, std::function<void()> body, std::uint32_t rights = RIGHTS_ALL, Word badge = 0) {
    Process p = proc(name, std::move(body));
    give(p, 12, n, rights, badge);
    give(p, 10, ep);
    return p;
  }
  SysResult r, r2;
};

TEST_F(NtfnTest, Signal_OrsBadgeAndBits) {
  with_n("a", [&] { sys(SYS_SIGNAL, 12, 0x1); }, RIGHTS_ALL, 0x100);
  with_n("b", [&] { sys(SYS_SIGNAL, 12, 0x4); });
  run();
  EXPECT_EQ(n.word, 0x105u);
}

TEST_F(NtfnTest, Wait_ReturnsWordAndClearsIt) {
  with_n("w", [&] {
    sys(SYS_SIGNAL, 12, 0x30);
    r = sys(SYS_WAIT, 12);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r.value, 0x30u);
  EXPECT_EQ(n.word, 0u);
}

TEST_F(NtfnTest, Wait_BlocksUntilSignalled) {
  sim::VTime at = 0;
  with_n("w", [&] {
    r = sys(SYS_WAIT, 12);
    at = sched.now();
  });
  with_n("s", [&] {
    sched.sleep_for(4 * sim::kMs);
    sys(SYS_SIGNAL, 12, 2);
  });
  run();
  EXPECT_EQ(r.value, 2u);
  EXPECT_EQ(at, 4 * sim::kMs);
}

TEST_F(NtfnTest, Poll_EmptyWordWouldBlock) {
  with_n("p", [&] { r = sys(SYS_POLL, 12); });
  run();
  EXPECT_EQ(r.error, WOULD_BLOCK);
}

TEST_F(NtfnTest, Poll_ReturnsAndClears) {
  with_n("p", [&] {
    sys(SYS_SIGNAL, 12, 8);
    r = sys(SYS_POLL, 12);
    r2 = sys(SYS_POLL, 12);
  });
  run();
  EXPECT_EQ(r.value, 8u);
  EXPECT_EQ(r2.error, WOULD_BLOCK);
}

TEST_F(NtfnTest, Signal_NeedsWrite) {
  with_n("s", [&] { r = sys(SYS_SIGNAL, 12, 1); }, RIGHTS_ALL & ~RIGHT_WRITE);
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
}

TEST_F(NtfnTest, Wait_NeedsRead) {
  with_n("w", [&] { r = sys(SYS_WAIT, 12); }, RIGHTS_ALL & ~RIGHT_READ);
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
}

TEST_F(NtfnTest, Signal_OnEndpoint_InvalidCapability) {
  with_n("s", [&] { r = sys(SYS_SIGNAL, 10, 1); });
  run();
  EXPECT_EQ(r.error, INVALID_CAPABILITY);
}

TEST_F(NtfnTest, Wait_WaitersServedFifo) {
  Word a = 0, b = 0;
  with_n("w1", [&] { a = sys(SYS_WAIT, 12).value; });
  with_n("w2", [&] { b = sys(SYS_WAIT, 12).value; });
  with_n("s", [&] {
    sys(SYS_SIGNAL, 12, 1);
    sys(SYS_SIGNAL, 12, 2);
  });
  run();
  EXPECT_EQ(a, 1u);
  EXPECT_EQ(b, 2u);
}

TEST_F(NtfnTest, Bind_TwiceAlreadyBound) {
  Process p = with_n("b", [&] {
    r = inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12);
    r2 = inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, ALREADY_BOUND);
  EXPECT_EQ(n.bound, p.tcb);
}

TEST_F(NtfnTest, Bind_NotificationBoundElsewhere_AlreadyBound) {
  with_n("a", [&] { r = inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12); });
  with_n("b", [&] { r2 = inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12); });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, ALREADY_BOUND);
}

TEST_F(NtfnTest, Unbind_ThenUnbindAgainNotFound) {
  with_n("a", [&] {
    inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12);
    r = inv(SLOT_TCB, TCB_UNBIND_NOTIFICATION);
    r2 = inv(SLOT_TCB, TCB_UNBIND_NOTIFICATION);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r2.error, NOT_FOUND);
  EXPECT_EQ(n.bound, nullptr);
}

TEST_F(NtfnTest, BoundRecv_WokenWithEmptyMessageAndBitsAsBadge) {
  Word label = 1, len = 1, badge = 0;
  with_n("srv", [&] {
    inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12);
    buf().msg[0] = 9;
    r = sys(SYS_RECV, 10);
    label = buf().label();
    len = buf().length();
    badge = buf().badge;
  });
  with_n("sig", [&] { sys(SYS_SIGNAL, 12, 0x40); });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r.value, 0x40u);
  EXPECT_EQ(badge, 0x40u);
  EXPECT_EQ(label, 0u);
  EXPECT_EQ(len, 0u);
  EXPECT_EQ(n.word, 0u);
}

TEST_F(NtfnTest, BoundRecv_PendingBitsReturnAtOnce) {
  with_n("srv", [&] {
    inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12);
    sys(SYS_SIGNAL, 12, 3);
    r = sys(SYS_RECV, 10);
  });
  run();
  EXPECT_EQ(r.value, 3u);
}

class InterruptTest : public NtfnTest {
 protected:
  // The caller binds the notification, then calls the endpoint; "sig"
  // signals it while the call is in the phase the test sets up.
  Process caller() {
    return with_n("cli", [&] {
      inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12);
      r = sys(SYS_CALL, 10, mi(1, 0));
    });
  }
  Process signaller(sim::VDuration after = 0) {
    return with_n("sig", [&, after] {
      sched.sleep_for(after);
      sys(SYS_SIGNAL, 12, 0x2);
    });
  }
};

TEST_F(InterruptTest, CallStillSendBlocked_Restart) {
  caller();
  signaller();
  run();
  EXPECT_EQ(r.error, RESTART);
  EXPECT_TRUE(ep.senders.empty());
  EXPECT_EQ(n.word, 0x2u);  // bits stay for the thread to collect
}

TEST_F(InterruptTest, CallInReplyWait_Interrupted) {
  SysResult late;
  with_n("srv", [&] {
    sys(SYS_RECV, 10);
    sched.sleep_for(10 * sim::kMs);
    late = sys(SYS_REPLY_RECV, 10, mi(0, 0));
  });
  caller();
  signaller(sim::kMs);
  run();
  EXPECT_EQ(r.error, INTERRUPTED);
}

TEST_F(InterruptTest, DispatcherGetsFrameThenRestartReissuesCall) {
  std::vector<NotifFrame> frames;
  SysResult ret;
  k.register_dispatcher(0x9000, [&](NotifFrame& f) {
    frames.push_back(f);
    ret = sys(SYS_NOTIF_RETURN, f.va);
  });
  give_stack(*with_n("cli", [&] {
    inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12);
    inv(SLOT_TCB, TCB_SET_NOTIFICATION_DISPATCHER, 0x9000);
    r = sys(SYS_CALL, 10, mi(5, 0));
  }).tcb);
  signaller();
  with_n("srv", [&] {
    sched.sleep_for(sim::kMs);
    sys(SYS_RECV, 10);
    sys(SYS_REPLY_RECV, 10, mi(0, 0));
  });
  run();
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].magic, kNotifFrameMagic);
  EXPECT_EQ(frames[0].bits, 0x2u);
  EXPECT_EQ(frames[0].syscall, SYS_CALL);
  EXPECT_EQ(frames[0].cap, 10u);
  EXPECT_EQ(frames[0].msginfo, mi(5, 0));
  EXPECT_EQ(frames[0].restart, 1u);
  EXPECT_EQ(ret.error, INTERRUPTED);  // NOTIF_RETURN always returns INTERRUPTED
  EXPECT_EQ(r.error, OK);             // the call was re-issued and answered
  EXPECT_EQ(n.word, 0u);              // bits consumed into the frame
}

TEST_F(InterruptTest, DispatcherAfterDeliveryReturnsInterrupted) {
  int calls = 0;
  std::uint64_t restart = 9;
  k.register_dispatcher(0x9000, [&](NotifFrame& f) {
    ++calls;
    restart = f.restart;
  });
  with_n("srv", [&] {
    sys(SYS_RECV, 10);
    sched.sleep_for(5 * sim::kMs);
  });
  give_stack(*with_n("cli", [&] {
    inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12);
    inv(SLOT_TCB, TCB_SET_NOTIFICATION_DISPATCHER, 0x9000);
    r = sys(SYS_CALL, 10, mi(5, 0));
  }).tcb);
  signaller(sim::kMs);
  run();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(restart, 0u);
  EXPECT_EQ(r.error, INTERRUPTED);
}

// Issue 16 point 5: the bound notification interrupts every blocking wait
// the real kernel interrupts, not only CALL. "w" binds the notification,
// then blocks; "sig" signals it at 2 ms.
class InterruptEverywhereTest : public NtfnTest {
 protected:
  sim::VTime at = 0;
  Notification& other = k.new_notification();
  Process blocked(std::function<SysResult()> wait) {
    Process p = with_n("w", [this, wait] {
      inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12);
      r = wait();
      at = sched.now();
    });
    give(p, 13, other);
    with_n("sig", [this] {
      sched.sleep_for(2 * sim::kMs);
      sys(SYS_SIGNAL, 12, 0x8);
    });
    return p;
  }
};

TEST_F(InterruptEverywhereTest, NanosleepIsInterrupted) {
  blocked([this] { return sys(SYS_NANOSLEEP, 10 * sim::kMs); });
  run();
  EXPECT_EQ(r.error, INTERRUPTED);
  EXPECT_EQ(at, 2 * sim::kMs);
  EXPECT_EQ(n.word, 0x8u);  // the bits stay for the thread
}

TEST_F(InterruptEverywhereTest, AnUninterruptedNanosleepSleepsItsTime) {
  with_n("w", [this] {
    inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12);
    r = sys(SYS_NANOSLEEP, 10 * sim::kMs);
    at = sched.now();
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(at, 10 * sim::kMs);
}

TEST_F(InterruptEverywhereTest, FutexWaitIsInterrupted) {
  Process p = blocked([this] { return sys(SYS_FUTEX, 0x30000000, FUTEX_OP_WAIT, 0); });
  k.map_host(*p.vspace, 0x30000000, k.new_frame(), VM_WRITABLE | VM_USER);
  run();
  EXPECT_EQ(r.error, INTERRUPTED);
  EXPECT_EQ(at, 2 * sim::kMs);
}

TEST_F(InterruptEverywhereTest, WaitOnAnotherNotificationIsInterrupted) {
  blocked([this] { return sys(SYS_WAIT, 13); });
  run();
  EXPECT_EQ(r.error, INTERRUPTED);
  EXPECT_EQ(at, 2 * sim::kMs);
  EXPECT_TRUE(other.waiters.empty());
}

TEST_F(InterruptEverywhereTest, ABlockingSendIsRestartedAndNothingIsQueued) {
  blocked([this] { return sys(SYS_SEND, 10, mi(3, 0)); });
  run();
  EXPECT_EQ(r.error, RESTART);
  EXPECT_EQ(at, 2 * sim::kMs);
  EXPECT_TRUE(ep.senders.empty());
}

TEST_F(InterruptEverywhereTest, ADispatcherRunsForAnInterruptedSleep) {
  std::vector<NotifFrame> frames;
  k.register_dispatcher(0x9000, [&](NotifFrame& f) {
    frames.push_back(f);
    sys(SYS_NOTIF_RETURN, f.va);
  });
  give_stack(*blocked([this] {
    inv(SLOT_TCB, TCB_SET_NOTIFICATION_DISPATCHER, 0x9000);
    return sys(SYS_NANOSLEEP, 10 * sim::kMs);
  }).tcb);
  run();
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].syscall, SYS_NANOSLEEP);
  EXPECT_EQ(frames[0].bits, 0x8u);
  EXPECT_EQ(frames[0].restart, 0u);
  EXPECT_EQ(r.error, INTERRUPTED);  // EINTR for the caller
  EXPECT_EQ(n.word, 0u);
}

TEST_F(NtfnTest, NotifReturnOutsideDispatcher_Interrupted) {
  with_n("x", [&] { r = sys(SYS_NOTIF_RETURN, 0); });
  run();
  EXPECT_EQ(r.error, INTERRUPTED);
}

TEST_F(NtfnTest, IrqRaisedSignalsHandlerNotificationUntilAck) {
  IrqHandler* h = nullptr;
  with_n("drv", [&] {
    inv(SLOT_CNODE, CNODE_DELETE, 40);
  });
  Process ctl = with_n("ctl", [&] {
    r = inv(41, IRQ_CONTROL_GET, 5, SLOT_CNODE, 42);
    inv(42, IRQ_HANDLER_SET_NOTIFICATION, 12);
    h = k.irq_handlers()[5];
    k.irq_raised(5);
    r2 = sys(SYS_POLL, 12);
    k.irq_raised(5);  // masked until ack: no new signal
  });
  give(ctl, 41, k.make_object<IrqHandler>(kMaxIrq, true));
  run();
  ASSERT_EQ(r.error, OK);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(r2.value, Word{1} << 5);
  EXPECT_EQ(n.word, 0u);
  EXPECT_TRUE(h->pending);
}

}  // namespace
}  // namespace kt
