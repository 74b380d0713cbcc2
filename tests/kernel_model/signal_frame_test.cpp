// Issue 16 point 6: the notification frame (§2.4) lives on the user
// stack. The kernel writes it 64-byte aligned below the interrupted rsp
// (and the red zone) through the VSpace, the dispatcher finds the bytes
// there, and NOTIF_RETURN restores the context from those bytes, so a
// handler that edits them (sigreturn, siglongjmp) changes how the thread
// resumes.
#include <cstddef>

#include "km_fixture.h"

namespace kt {
namespace {

constexpr Word kDispatcher = 0x9000;
constexpr Word kOffRax = offsetof(::uapi::NotifFrame, gprs) + 8 * kRax;
constexpr Word kOffRdx = offsetof(::uapi::NotifFrame, gprs) + 8 * kRdx;
constexpr Word kOffRsp = offsetof(::uapi::NotifFrame, gprs) + 8 * kRsp;
constexpr Word kOffRip = offsetof(::uapi::NotifFrame, rip);
constexpr Word kOffMagic = offsetof(::uapi::NotifFrame, magic);

// "w" binds the notification, sets the dispatcher and sleeps 10 ms; "sig"
// signals at 2 ms.
class SignalFrame : public KernelTest {
 protected:
  Notification& n = k.new_notification();
  SysResult r;
  bool after_sleep = false;
  Process sleeper() {
    Process p = proc("w", [this] {
      inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12);
      inv(SLOT_TCB, TCB_SET_NOTIFICATION_DISPATCHER, kDispatcher);
      r = sys(SYS_NANOSLEEP, 10 * sim::kMs);
      after_sleep = true;
    });
    give(p, 12, n);
    Process s = proc("sig", [this] {
      sched.sleep_for(2 * sim::kMs);
      sys(SYS_SIGNAL, 12, 0x8);
    });
    give(s, 12, n);
    return p;
  }
};

TEST_F(SignalFrame, HandlerEditsSavedRaxAndRdx) {
  k.register_dispatcher(kDispatcher, [&](NotifFrame& f) {
    EXPECT_EQ(k.load<Word>(f.va + kOffRax), Word{INTERRUPTED});  // what the sleep would return
    k.store<Word>(f.va + kOffRax, OK);
    k.store<Word>(f.va + kOffRdx, 77);
    sys(SYS_NOTIF_RETURN, f.va);
  });
  give_stack(*sleeper().tcb);
  run();
  EXPECT_TRUE(after_sleep);
  EXPECT_EQ(r.error, OK);  // the edited registers, not INTERRUPTED
  EXPECT_EQ(r.value, 77u);
}

TEST_F(SignalFrame, HandlerEditsSavedRip) {
  bool resumed = false;
  Word resumed_rsp = 0;
  Tcb* w = nullptr;
  k.register_entry(0x5000, [&] {
    resumed = true;
    resumed_rsp = w->rsp;
  });
  k.register_dispatcher(kDispatcher, [&](NotifFrame& f) {
    k.store<Word>(f.va + kOffRip, 0x5000);       // siglongjmp: continue elsewhere
    k.store<Word>(f.va + kOffRsp, kStackTop - 0x400);
    sys(SYS_NOTIF_RETURN, f.va);
  });
  w = sleeper().tcb;
  give_stack(*w);
  run();
  EXPECT_TRUE(resumed);
  EXPECT_FALSE(after_sleep);  // the interrupted code never continued
  EXPECT_EQ(resumed_rsp, kStackTop - 0x400);
  EXPECT_EQ(w->rip, 0x5000u);
}

TEST_F(SignalFrame, FrameIs64ByteAlignedBelowTheRedZone) {
  Word va = 0, magic = 0;
  std::uint64_t rsp_saved = 0;
  k.register_dispatcher(kDispatcher, [&](NotifFrame& f) {
    va = f.va;
    magic = k.load<Word>(f.va + kOffMagic);  // the bytes are on the stack
    rsp_saved = f.gprs[kRsp];
    sys(SYS_NOTIF_RETURN, f.va);
  });
  give_stack(*sleeper().tcb);
  run();
  EXPECT_EQ(sizeof(::uapi::NotifFrame), 1024u);
  EXPECT_EQ(va % 64, 0u);
  EXPECT_LE(va + sizeof(::uapi::NotifFrame), kStackTop - 128);  // red zone left alone
  EXPECT_GT(va + sizeof(::uapi::NotifFrame) + 64, kStackTop - 128);
  EXPECT_EQ(magic, kNotifFrameMagic);
  EXPECT_EQ(rsp_saved, kStackTop);
  EXPECT_EQ(r.error, INTERRUPTED);
}

TEST_F(SignalFrame, FrameAddressForAnUnalignedRsp) {
  EXPECT_EQ(notif_frame_va(0x7000'0000 - 8), 0x7000'0000 - 128 - 1024 - 64);
  EXPECT_EQ(notif_frame_va(0x7000'0000), 0x7000'0000 - 128 - 1024);
}

TEST_F(SignalFrame, UnmappedStackPageRaisesVmFault) {
  Endpoint& fep = k.new_endpoint();
  std::vector<std::array<Word, 4>> faults;
  Word frame_va = 0;
  Process w = sleeper();
  w.tcb->rsp = kStackTop;  // nothing mapped below it
  op_tcb_set_fault_handler(k, *w.tcb, &fep, 0);
  Process pager = proc("pager", [&] {
    SysResult f = sys(SYS_RECV, 10);
    for (;;) {
      IpcBuffer& b = buf();
      faults.push_back({b.label(), b.mr(0), b.mr(1), b.mr(3)});
      k.map_host(*w.vspace, b.mr(0) & ~Word{0xFFF}, k.new_frame(), VM_WRITABLE | VM_USER);
      f = sys(SYS_REPLY_RECV, 10, mi(0, 0));
    }
  });
  give(pager, 10, fep);
  k.register_dispatcher(kDispatcher, [&](NotifFrame& f) {
    frame_va = f.va;
    sys(SYS_NOTIF_RETURN, f.va);
  });
  run();
  ASSERT_FALSE(faults.empty());
  EXPECT_EQ(faults[0][0], FAULT_VM);
  EXPECT_EQ(faults[0][1], notif_frame_va(kStackTop));  // the frame's first byte
  EXPECT_EQ(faults[0][2], PF_USER | PF_WRITE);         // not present, write, user
  EXPECT_EQ(faults[0][3], 0u);
  EXPECT_EQ(frame_va, notif_frame_va(kStackTop));
  EXPECT_EQ(r.error, INTERRUPTED);
}

TEST_F(SignalFrame, RestartReissuesFromTheEditedRegisters) {
  Endpoint& a = k.new_endpoint();
  Endpoint& b = k.new_endpoint();
  Word got_label = 0;
  k.register_dispatcher(kDispatcher, [&](NotifFrame& f) {
    EXPECT_EQ(f.restart, 1u);
    EXPECT_EQ(k.load<Word>(f.va + kOffRax), Word{SYS_CALL});
    k.store<Word>(f.va + offsetof(::uapi::NotifFrame, gprs) + 8 * kRdi, 21);  // call endpoint b instead
    sys(SYS_NOTIF_RETURN, f.va);
  });
  Process cli = proc("cli", [&] {
    inv(SLOT_TCB, TCB_BIND_NOTIFICATION, 12);
    inv(SLOT_TCB, TCB_SET_NOTIFICATION_DISPATCHER, kDispatcher);
    r = sys(SYS_CALL, 20, mi(5, 0));  // nobody ever receives on a
  });
  give(cli, 12, n);
  give(cli, 20, a);
  give(cli, 21, b);
  give_stack(*cli.tcb);
  Process srv = proc("srv", [&] {
    sys(SYS_RECV, 10);
    got_label = buf().label();
    sys(SYS_REPLY_RECV, 10, mi(0, 0));
  });
  give(srv, 10, b);
  Process s = proc("sig", [&] {
    sched.sleep_for(sim::kMs);
    sys(SYS_SIGNAL, 12, 0x2);
  });
  give(s, 12, n);
  run();
  EXPECT_EQ(got_label, 5u);
  EXPECT_EQ(r.error, OK);
  EXPECT_TRUE(a.senders.empty());
}

TEST_F(SignalFrame, NotifReturnRejectsAFrameWithoutTheMagic) {
  SysResult bad;
  k.register_dispatcher(kDispatcher, [&](NotifFrame& f) {
    k.store<Word>(f.va + kOffMagic, 0);
    bad = sys(SYS_NOTIF_RETURN, f.va);
    k.store<Word>(f.va + kOffMagic, kNotifFrameMagic);
    sys(SYS_NOTIF_RETURN, f.va);
  });
  give_stack(*sleeper().tcb);
  run();
  EXPECT_EQ(bad.error, INVALID_ARGUMENT);
  EXPECT_EQ(r.error, INTERRUPTED);
}

}  // namespace
}  // namespace kt
