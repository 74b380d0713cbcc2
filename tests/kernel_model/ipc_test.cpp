// Endpoint IPC (§2.1–2.4): SEND/RECV, CALL/REPLY_RECV, reply caps,
// NBSEND ring, cap transfer, timed IPC, RECV_ANY, PM_EXEC payload.
#include "km_fixture.h"

namespace kt {
namespace {

class IpcTest : public KernelTest {
 protected:
  Endpoint& ep = k.new_endpoint();
  // A process with the endpoint at slot 10.
  Process on_ep(const std::string& name, std::function<void()> body, std::uint32_t rights = RIGHTS_ALL, Word badge = 0,
                sim::Priority prio = sim::kDefaultPriority) {
    Process p = proc(name, std::move(body), prio);
    give(p, 10, ep, rights, badge);
    return p;
  }
  std::vector<std::string> order;
};

TEST_F(IpcTest, SendRecv_DeliversLabelLengthMrsAndBadge) {
  SysResult r;
  Word msg[8] = {}, badge = 0;
  on_ep("srv", [&] {
    r = sys(SYS_RECV, 10);
    for (int i = 0; i < 8; ++i) msg[i] = buf().msg[i];
    badge = buf().badge;
  });
  on_ep("cli", [&] { sys(SYS_SEND, 10, mi(0x99, 4), 11, 22, 33, 44); }, RIGHTS_ALL, 0x55);
  run();
  ASSERT_EQ(r.error, OK);
  EXPECT_EQ(r.value, 0x55u);
  EXPECT_EQ(badge, 0x55u);
  EXPECT_EQ(msg[0], 0x99u);
  EXPECT_EQ(msg[1], 4u);
  EXPECT_EQ(msg[2], 11u);
  EXPECT_EQ(msg[3], 22u);
  EXPECT_EQ(msg[4], 33u);
  EXPECT_EQ(msg[5], 44u);
  EXPECT_EQ(msg[6], 0u);
}

TEST_F(IpcTest, Send_BlocksUntilReceiverArrives) {
  on_ep("cli", [&] {
    order.push_back("send");
    sys(SYS_SEND, 10, mi(1, 0));
    order.push_back("sent");
  });
  on_ep("srv", [&] {
    order.push_back("recv");
    sys(SYS_RECV, 10);
    order.push_back("got");
  });
  run();
  ASSERT_EQ(order.size(), 4u);
  EXPECT_EQ(order[0], "send");
  EXPECT_EQ(order[1], "recv");
}

TEST_F(IpcTest, Send_SendersQueueFifo) {
  std::vector<Word> labels;
  for (Word i = 1; i <= 3; ++i) on_ep("c" + std::to_string(i), [&, i] { sys(SYS_SEND, 10, mi(i, 0)); });
  on_ep("srv", [&] {
    for (int i = 0; i < 3; ++i) {
      sys(SYS_RECV, 10);
      labels.push_back(buf().label());
    }
  });
  run();
  EXPECT_EQ(labels, (std::vector<Word>{1, 2, 3}));
}

TEST_F(IpcTest, Recv_ReceiversQueueFifo) {
  Word got1 = 0, got2 = 0;
  on_ep("r1", [&] { sys(SYS_RECV, 10); got1 = buf().label(); });
  on_ep("r2", [&] { sys(SYS_RECV, 10); got2 = buf().label(); });
  on_ep("s", [&] {
    sys(SYS_SEND, 10, mi(7, 0));
    sys(SYS_SEND, 10, mi(8, 0));
  });
  run();
  EXPECT_EQ(got1, 7u);
  EXPECT_EQ(got2, 8u);
}

TEST_F(IpcTest, Send_Mr4AndUpFromSenderIpcBuffer) {
  Word mr[10] = {};
  on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    for (int i = 0; i < 10; ++i) mr[i] = buf().mr(i);
  });
  on_ep("cli", [&] {
    for (int i = 4; i < 10; ++i) buf().msg[kIpcSendMr4 + i - 4] = 100 + i;
    sys(SYS_SEND, 10, mi(1, 10), 0, 1, 2, 3);
  });
  run();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(mr[i], Word(i));
  for (int i = 4; i < 10; ++i) EXPECT_EQ(mr[i], Word(100 + i));
}

TEST_F(IpcTest, Send_LengthClampedTo32) {
  Word len = 0;
  on_ep("srv", [&] { sys(SYS_RECV, 10); len = buf().length(); });
  on_ep("cli", [&] { sys(SYS_SEND, 10, 127); });
  run();
  EXPECT_EQ(len, 32u);
}

TEST_F(IpcTest, Recv_UnusedTailZeroed) {
  bool zero = true;
  on_ep("srv", [&] {
    for (int i = 0; i < 32; ++i) buf().mr(i) = 0xDEAD;
    sys(SYS_RECV, 10);
    for (int i = 2; i < 32; ++i) zero = zero && buf().mr(i) == 0;
  });
  on_ep("cli", [&] { sys(SYS_SEND, 10, mi(1, 2), 5, 6); });
  run();
  EXPECT_TRUE(zero);
}

TEST_F(IpcTest, Send_WithoutSendRight_InsufficientRights) {
  SysResult r;
  on_ep("cli", [&] { r = sys(SYS_SEND, 10, mi(1, 0)); }, RIGHTS_ALL & ~RIGHT_SEND);
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
}

TEST_F(IpcTest, Recv_WithoutRecvRight_InsufficientRights) {
  SysResult r;
  on_ep("srv", [&] { r = sys(SYS_RECV, 10); }, RIGHTS_ALL & ~RIGHT_RECV);
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
}

TEST_F(IpcTest, Call_WithoutCallRight_InsufficientRights) {
  SysResult r;
  on_ep("cli", [&] { r = sys(SYS_CALL, 10, mi(1, 0)); }, RIGHT_SEND);
  run();
  EXPECT_EQ(r.error, INSUFFICIENT_RIGHTS);
}

TEST_F(IpcTest, Send_OnNonEndpoint_InvalidCapability) {
  SysResult r;
  proc("cli", [&] { r = sys(SYS_SEND, SLOT_VSPACE, mi(1, 0)); });
  run();
  EXPECT_EQ(r.error, INVALID_CAPABILITY);
}

TEST_F(IpcTest, Send_EmptySlot_InvalidCapability) {
  SysResult r;
  proc("cli", [&] { r = sys(SYS_SEND, 77, mi(1, 0)); });
  run();
  EXPECT_EQ(r.error, INVALID_CAPABILITY);
}

TEST_F(IpcTest, CallReplyRecv_RoundTrip) {
  SysResult cr;
  Word reply_label = 0, reply_mr0 = 0, seen = 0;
  on_ep("srv", [&] {
    SysResult r = sys(SYS_RECV, 10);
    seen = buf().mr(0) + r.value;
    sys(SYS_REPLY_RECV, 10, mi(0x42, 1), seen * 2);
  });
  on_ep("cli", [&] {
    cr = sys(SYS_CALL, 10, mi(3, 1), 20);
    reply_label = buf().label();
    reply_mr0 = buf().mr(0);
  }, RIGHTS_ALL, 1);
  run();
  ASSERT_EQ(cr.error, OK);
  EXPECT_EQ(cr.value, 0u);  // replies carry badge 0
  EXPECT_EQ(seen, 21u);
  EXPECT_EQ(reply_label, 0x42u);
  EXPECT_EQ(reply_mr0, 42u);
}

TEST_F(IpcTest, Call_ReplyBufferBadgeIsZero) {
  Word badge = 1;
  on_ep("srv", [&] { sys(SYS_RECV, 10); sys(SYS_REPLY_RECV, 10, mi(0, 0)); });
  on_ep("cli", [&] { sys(SYS_CALL, 10, mi(1, 0)); badge = buf().badge; }, RIGHTS_ALL, 0x77);
  run();
  EXPECT_EQ(badge, 0u);
}

TEST_F(IpcTest, Call_HandsOffStraightToWaitingServer) {
  on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    order.push_back("srv");
    sys(SYS_REPLY_RECV, 10, mi(0, 0));
  });
  on_ep("cli", [&] {
    proc("bystander", [&] { order.push_back("bystander"); });
    sys(SYS_CALL, 10, mi(1, 0));
    order.push_back("cli");
  });
  run();
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(order[0], "srv");
  EXPECT_EQ(order[1], "cli");  // the reply switches straight back
  EXPECT_EQ(order[2], "bystander");
}

TEST_F(IpcTest, Call_DonatesPriorityToServerUntilReply) {
  sim::Priority during = 0, after = 0;
  Process srv = on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    during = sched.current()->effective_priority();
    sys(SYS_REPLY_RECV, 10, mi(0, 0));
  }, RIGHTS_ALL, 0, 500);
  on_ep("cli", [&] {
    sys(SYS_CALL, 10, mi(1, 0));
    after = srv.tcb->thread->effective_priority();
  }, RIGHTS_ALL, 0, 10);
  run();
  EXPECT_EQ(during, 10u);
  EXPECT_EQ(after, 500u);
}

TEST_F(IpcTest, ReplyRecv_WithoutCaller_JustReceives) {
  SysResult r, s;
  Word label = 0, mr0 = 0;
  on_ep("srv", [&] {
    r = sys(SYS_REPLY_RECV, 10, mi(0, 0));
    label = buf().msg[kIpcMsgLabel];
    mr0 = buf().mr(0);
  });
  on_ep("cli", [&] { s = sys(SYS_SEND, 10, mi(9, 1), 42); }, RIGHTS_ALL, 33);
  record_events();
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r.value, 33u);  // the sender's badge
  EXPECT_EQ(label, 9u);
  EXPECT_EQ(mr0, 42u);
  EXPECT_EQ(s.error, OK);
  EXPECT_EQ(count(KernelEvent::Kind::Reply), 0u);  // nobody was answered
}

TEST_F(IpcTest, SaveCaller_ReplyLaterThroughReplyCap) {
  SysResult save, reply, cr;
  bool slot_empty = false;
  Word got = 0;
  Process srv = on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    save = inv(SLOT_CNODE, CNODE_SAVE_CALLER, 20);
    sys(SYS_YIELD);
    reply = sys(SYS_SEND, 20, mi(0, 1), 1234);
    slot_empty = srv.cnode->slot(20).cap.empty();
  });
  on_ep("cli", [&] {
    cr = sys(SYS_CALL, 10, mi(1, 0));
    got = buf().mr(0);
  });
  run();
  EXPECT_EQ(save.error, OK);
  EXPECT_EQ(reply.error, OK);
  EXPECT_EQ(cr.error, OK);
  EXPECT_EQ(got, 1234u);
  EXPECT_TRUE(slot_empty);
}

TEST_F(IpcTest, SaveCaller_ReplyCapIsTcbCapWithReplyRight) {
  Cap saved;
  Process srv = on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    inv(SLOT_CNODE, CNODE_SAVE_CALLER, 20);
    saved = srv.cnode->slot(20).cap;
    sys(SYS_SEND, 20, mi(0, 0));
  });
  Process cli = on_ep("cli", [&] { sys(SYS_CALL, 10, mi(1, 0)); });
  run();
  EXPECT_EQ(saved.type(), OBJ_TCB);
  EXPECT_EQ(saved.obj, cli.tcb);
  EXPECT_TRUE(saved.has(RIGHT_REPLY));
}

TEST_F(IpcTest, SaveCaller_NoCaller_NotFound) {
  SysResult r;
  on_ep("srv", [&] { r = inv(SLOT_CNODE, CNODE_SAVE_CALLER, 20); });
  run();
  EXPECT_EQ(r.error, NOT_FOUND);
}

TEST_F(IpcTest, SaveCaller_IntoOccupiedSlot_SlotOccupied) {
  SysResult r;
  on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    r = inv(SLOT_CNODE, CNODE_SAVE_CALLER, SLOT_TCB);
    sys(SYS_REPLY_RECV, 10, mi(0, 0));
  });
  on_ep("cli", [&] { sys(SYS_CALL, 10, mi(1, 0)); });
  run();
  EXPECT_EQ(r.error, SLOT_OCCUPIED);
}

TEST_F(IpcTest, ReplyCap_IsOneShot) {
  SysResult first, second;
  on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    inv(SLOT_CNODE, CNODE_SAVE_CALLER, 20);
    first = sys(SYS_SEND, 20, mi(0, 0));
    second = sys(SYS_SEND, 20, mi(0, 0));
  });
  on_ep("cli", [&] { sys(SYS_CALL, 10, mi(1, 0)); });
  run();
  EXPECT_EQ(first.error, OK);
  EXPECT_EQ(second.error, INVALID_CAPABILITY);
}

TEST_F(IpcTest, ReplyCap_NeverTransfersCaps) {
  Notification& n = k.new_notification();
  SysResult cr;
  Process cli = on_ep("cli", [&] {
    buf().receive_cnode = SLOT_CNODE;
    buf().receive_index = 60;
    cr = sys(SYS_CALL, 10, mi(1, 0));
  });
  Process srv = on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    inv(SLOT_CNODE, CNODE_SAVE_CALLER, 20);
    buf().caps[0] = 30;
    sys(SYS_SEND, 20, mi(0, 0, 1));
  });
  give(srv, 30, n);
  run();
  EXPECT_EQ(cr.error, OK);
  EXPECT_TRUE(cap_at(cli, 60).empty());
}

TEST_F(IpcTest, ReplyRecv_ReplyTransfersCapsToCaller) {
  Notification& n = k.new_notification();
  Process cli = on_ep("cli", [&] {
    buf().receive_cnode = SLOT_CNODE;
    buf().receive_index = 60;
    sys(SYS_CALL, 10, mi(1, 0));
  });
  Process srv = on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    buf().caps[0] = 30;
    sys(SYS_REPLY_RECV, 10, mi(0, 0, 1));
  });
  give(srv, 30, n);
  run();
  EXPECT_EQ(cap_at(cli, 60).obj, &n);
  EXPECT_EQ(cli.cnode->slot(60).parent, &srv.cnode->slot(30));
}

TEST_F(IpcTest, NbSend_NoReceiver_QueuedInRingForLaterRecv) {
  SysResult s, r;
  Word mr5 = 0;
  on_ep("cli", [&] {
    buf().msg[kIpcSendMr4 + 1] = 555;
    s = sys(SYS_NBSEND, 10, mi(4, 6), 1, 2, 3, 4);
  }, RIGHTS_ALL, 3);
  on_ep("srv", [&] {
    r = sys(SYS_RECV, 10);
    mr5 = buf().mr(5);
  });
  run();
  EXPECT_EQ(s.error, OK);
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r.value, 3u);
  EXPECT_EQ(mr5, 555u);
}

TEST_F(IpcTest, NbSend_RingFullAt128_WouldBlock) {
  std::vector<Word> errs;
  on_ep("cli", [&] {
    for (int i = 0; i < 130; ++i) errs.push_back(sys(SYS_NBSEND, 10, mi(i, 0)).error);
  });
  run();
  ASSERT_EQ(errs.size(), 130u);
  for (int i = 0; i < 128; ++i) EXPECT_EQ(errs[i], OK);
  EXPECT_EQ(errs[128], WOULD_BLOCK);
  EXPECT_EQ(errs[129], WOULD_BLOCK);
  EXPECT_EQ(ep.ring.size(), 128u);
}

TEST_F(IpcTest, NbSend_WithCapsAndNoReceiver_WouldBlock) {
  SysResult r;
  on_ep("cli", [&] {
    buf().caps[0] = 10;
    r = sys(SYS_NBSEND, 10, mi(1, 0, 1));
  });
  run();
  EXPECT_EQ(r.error, WOULD_BLOCK);
  EXPECT_TRUE(ep.ring.empty());
}

TEST_F(IpcTest, NbSend_ToWaitingReceiver_DeliversImmediately) {
  Word got = 0;
  on_ep("srv", [&] { sys(SYS_RECV, 10); got = buf().label(); });
  on_ep("cli", [&] { sys(SYS_NBSEND, 10, mi(12, 0)); });
  run();
  EXPECT_EQ(got, 12u);
  EXPECT_TRUE(ep.ring.empty());
}

TEST_F(IpcTest, NbSend_RingAndBlockedSendersStayInSendOrder) {
  std::vector<Word> labels;
  on_ep("nb", [&] { sys(SYS_NBSEND, 10, mi(1, 0)); });
  on_ep("blk", [&] { sys(SYS_SEND, 10, mi(2, 0)); });
  on_ep("nb2", [&] { sys(SYS_NBSEND, 10, mi(3, 0)); });
  on_ep("srv", [&] {
    for (int i = 0; i < 3; ++i) {
      sys(SYS_RECV, 10);
      labels.push_back(buf().label());
    }
  });
  run();
  EXPECT_EQ(labels, (std::vector<Word>{1, 2, 3}));
}

class CapTransferTest : public IpcTest {
 protected:
  Notification& n1 = k.new_notification();
  Notification& n2 = k.new_notification();
  SysResult sr, rr;
  Process receiver(Word index = 60, Word cnode = SLOT_CNODE, Word depth = 0) {
    return on_ep("srv", [&, index, cnode, depth] {
      buf().receive_cnode = cnode;
      buf().receive_index = index;
      buf().receive_depth = depth;
      rr = sys(SYS_RECV, 10);
    });
  }
  Process sender(Word ncaps, std::uint32_t rights = RIGHTS_ALL) {
    Process p = on_ep("cli", [&, ncaps] {
      buf().caps[0] = 30;
      buf().caps[1] = 31;
      sr = sys(SYS_SEND, 10, mi(1, 0, ncaps));
    });
    give(p, 30, n1, rights);
    give(p, 31, n2, rights);
    return p;
  }
};

TEST_F(CapTransferTest, WithGrant_CopiedWithSourceRightsAsCdtChild) {
  Process srv = receiver();
  Process cli = sender(2, RIGHTS_ALL & ~RIGHT_WRITE);
  run();
  ASSERT_EQ(sr.error, OK);
  EXPECT_EQ(cap_at(srv, 60).obj, &n1);
  EXPECT_EQ(cap_at(srv, 61).obj, &n2);
  EXPECT_EQ(cap_at(srv, 60).rights, RIGHTS_ALL & ~RIGHT_WRITE);
  EXPECT_EQ(srv.cnode->slot(60).parent, &cli.cnode->slot(30));
  EXPECT_FALSE(cap_at(cli, 30).empty());  // copy, not move
}

TEST_F(CapTransferTest, WithoutGrant_InsufficientRightsAndNothingDelivered) {
  Process srv = receiver();
  sender(1, RIGHTS_ALL & ~RIGHT_GRANT);
  run();
  EXPECT_EQ(sr.error, INSUFFICIENT_RIGHTS);
  EXPECT_TRUE(cap_at(srv, 60).empty());
  EXPECT_TRUE(srv.tcb->state == TcbState::BlockedRecv);  // still waiting
}

TEST_F(CapTransferTest, IntoOccupiedSlot_RollsBackEarlierCopies) {
  Process srv = receiver();
  give(srv, 61, k.new_endpoint());
  sender(2);
  run();
  EXPECT_EQ(sr.error, SLOT_OCCUPIED);
  EXPECT_TRUE(cap_at(srv, 60).empty());
  EXPECT_EQ(n1.refs(), 1u);
}

TEST_F(CapTransferTest, RevokingSourceKillsTransferredCopy) {
  Process srv = receiver();
  Process cli = sender(1);
  run();
  ASSERT_FALSE(cap_at(srv, 60).empty());
  k.cap_revoke(cli.cnode->slot(30));
  EXPECT_TRUE(cap_at(srv, 60).empty());
}

TEST_F(CapTransferTest, ZeroCapPointerIsSkipped) {
  Process srv = on_ep("srv", [&] {
    buf().receive_cnode = SLOT_CNODE;
    buf().receive_index = 60;
    rr = sys(SYS_RECV, 10);
  });
  Process cli = on_ep("cli", [&] {
    buf().caps[0] = 0;
    buf().caps[1] = 30;
    sr = sys(SYS_SEND, 10, mi(1, 0, 2));
  });
  give(cli, 30, n1);
  run();
  EXPECT_EQ(sr.error, OK);
  EXPECT_TRUE(cap_at(srv, 60).empty());
  EXPECT_EQ(cap_at(srv, 61).obj, &n1);
}

TEST_F(CapTransferTest, ReceiveIntoSubCNodeWithDepth) {
  CNode& sub = k.new_cnode(4);
  Process srv = receiver(5, 40, 4);
  give(srv, 40, sub);
  sender(1);
  run();
  EXPECT_EQ(sr.error, OK);
  EXPECT_EQ(sub.slot(5).cap.obj, &n1);
}

TEST_F(CapTransferTest, ReceiveCNodeMissing_InvalidCapability) {
  receiver(60, 77);
  sender(1);
  run();
  EXPECT_EQ(sr.error, INVALID_CAPABILITY);
}

TEST_F(CapTransferTest, BadgedEndpointWithoutGrantStillCarriesGrantableCaps) {
  Process srv = receiver();
  Process cli = on_ep("cli", [&] {
    buf().caps[0] = 30;
    sr = sys(SYS_SEND, 10, mi(1, 0, 1));
  }, RIGHTS_ALL & ~RIGHT_GRANT, 0x1001);
  give(cli, 30, n1);
  run();
  EXPECT_EQ(sr.error, OK);
  EXPECT_EQ(rr.value, 0x1001u);
  EXPECT_EQ(cap_at(srv, 60).obj, &n1);
}

TEST_F(CapTransferTest, TransferRaisesEvent) {
  record_events();
  receiver();
  sender(1);
  run();
  EXPECT_EQ(count(KernelEvent::Kind::CapTransfer), 1u);
}

TEST_F(IpcTest, SendTimed_TimesOutInVirtualTime) {
  SysResult r;
  sim::VTime at = 0;
  on_ep("cli", [&] {
    buf().timeout_ns = 3 * sim::kMs;
    r = sys(SYS_SEND_TIMED, 10, mi(1, 0));
    at = sched.now();
  });
  run();
  EXPECT_EQ(r.error, CANCELLED);
  EXPECT_EQ(at, 3 * sim::kMs);
  EXPECT_TRUE(ep.senders.empty());
}

TEST_F(IpcTest, SendTimed_DeliveredBeforeTimeout) {
  SysResult r;
  Word label = 0;
  sim::VTime sent_at = 0, got_at = 0;
  on_ep("cli", [&] {
    buf().timeout_ns = 3 * sim::kMs;
    r = sys(SYS_SEND_TIMED, 10, mi(1, 1), 5);
    sent_at = sched.now();
  });
  on_ep("srv", [&] {
    sched.sleep_for(sim::kMs);
    sys(SYS_RECV, 10);
    label = buf().msg[kIpcMsgLabel];
    got_at = sched.now();
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(label, 1u);
  EXPECT_EQ(sent_at, sim::kMs);  // released by the receive, not the timeout
  EXPECT_EQ(got_at, sim::kMs);
  EXPECT_TRUE(ep.senders.empty());
}

TEST_F(IpcTest, RecvTimed_TimesOut) {
  SysResult r;
  sim::VTime at = 0;
  on_ep("srv", [&] {
    r = sys(SYS_RECV_TIMED, 10, 5 * sim::kMs);
    at = sched.now();
  });
  run();
  EXPECT_EQ(r.error, CANCELLED);
  EXPECT_EQ(at, 5 * sim::kMs);
  EXPECT_TRUE(ep.receivers.empty());
}

TEST_F(IpcTest, RecvTimed_MessageBeforeTimeout) {
  SysResult r;
  on_ep("srv", [&] { r = sys(SYS_RECV_TIMED, 10, 5 * sim::kMs); });
  on_ep("cli", [&] {
    sched.sleep_for(2 * sim::kMs);
    sys(SYS_SEND, 10, mi(1, 0));
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(sched.now(), 2 * sim::kMs);
}

// The timeout-0 rule (issue 16 point 9): 0 is "no timeout" for every timed
// call; each one below waits for its partner at 4 ms instead of being
// cancelled at 0.
TEST_F(IpcTest, TimeoutZeroRule_RecvTimedZeroWaitsForTheMessage) {
  SysResult r;
  sim::VTime at = 1;
  on_ep("srv", [&] {
    r = sys(SYS_RECV_TIMED, 10, 0);
    at = sched.now();
  });
  on_ep("cli", [&] {
    sched.sleep_for(4 * sim::kMs);
    sys(SYS_SEND, 10, mi(1, 0));
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(at, 4 * sim::kMs);
}

TEST_F(IpcTest, TimeoutZeroRule_SendTimedWithTheBufferNeverSetWaitsForTheReceiver) {
  SysResult r;
  Word got = 0;
  on_ep("cli", [&] {
    ASSERT_EQ(buf().timeout_ns, 0u);  // nobody set it
    r = sys(SYS_SEND_TIMED, 10, mi(7, 1), 42);
  });
  on_ep("srv", [&] {
    sched.sleep_for(4 * sim::kMs);
    sys(SYS_RECV, 10);
    got = buf().mr(0);
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(got, 42u);
  EXPECT_EQ(sched.now(), 4 * sim::kMs);
}

TEST_F(IpcTest, TimeoutZeroRule_AOneNanosecondTimeoutIsThePoll) {
  SysResult r;
  on_ep("srv", [&] { r = sys(SYS_RECV_TIMED, 10, 1); });
  run();
  EXPECT_EQ(r.error, CANCELLED);
  EXPECT_EQ(sched.now(), 1u);
}

class RecvAnyTest : public IpcTest {
 protected:
  Endpoint& ep2 = k.new_endpoint();
  Process server(std::function<void()> body) {
    Process p = on_ep("srv", std::move(body));
    give(p, 11, ep2);
    return p;
  }
  void list() {
    buf().reserved[0] = 10;
    buf().reserved[1] = 11;
  }
};

TEST_F(RecvAnyTest, ReturnsIndexOfFiringEndpointAndBadgeInBuffer) {
  SysResult r;
  Word badge = 0;
  server([&] {
    list();
    r = sys(SYS_RECV_ANY, 2);
    badge = buf().badge;
  });
  Process c = proc("cli", [&] { sys(SYS_SEND, 11, mi(1, 0)); });
  give(c, 11, ep2, RIGHTS_ALL, 0x66);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r.value, 1u);
  EXPECT_EQ(badge, 0x66u);
  EXPECT_TRUE(ep.receivers.empty());  // left every queue
}

TEST_F(RecvAnyTest, PendingSenderFound) {
  SysResult r;
  on_ep("cli", [&] { sys(SYS_SEND, 10, mi(5, 0)); });
  server([&] {
    list();
    r = sys(SYS_RECV_ANY, 2);
  });
  run();
  EXPECT_EQ(r.value, 0u);
}

TEST_F(RecvAnyTest, BoundNotificationReturnsAllOnes) {
  SysResult r;
  Notification& n = k.new_notification();
  Process s = server([&] {
    list();
    r = sys(SYS_RECV_ANY, 2);
  });
  give(s, 12, n);
  op_tcb_bind_notification(k, *s.tcb, n);
  Process sig = proc("sig", [&] { sys(SYS_SIGNAL, 12, 0x10); });
  give(sig, 12, n);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r.value, kRecvAnyNotification);
}

TEST_F(RecvAnyTest, CountZero_InvalidArgument) {
  SysResult r;
  server([&] { r = sys(SYS_RECV_ANY, 0); });
  run();
  EXPECT_EQ(r.error, INVALID_ARGUMENT);
}

TEST_F(RecvAnyTest, TimedTimesOut) {
  SysResult r;
  server([&] {
    list();
    r = sys(SYS_RECV_ANY_TIMED, 2, sim::kMs);
  });
  run();
  EXPECT_EQ(r.error, CANCELLED);
  EXPECT_EQ(sched.now(), sim::kMs);
}

TEST_F(RecvAnyTest, TimeoutZeroRule_RecvAnyTimedZeroWaitsForTheMessage) {
  SysResult r;
  server([&] {
    list();
    r = sys(SYS_RECV_ANY_TIMED, 2, 0);
  });
  on_ep("cli", [&] {
    sched.sleep_for(4 * sim::kMs);
    sys(SYS_SEND, 10, mi(1, 0));
  });
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(sched.now(), 4 * sim::kMs);
}

TEST_F(RecvAnyTest, ReplyRecvAny_RepliesThenReceives) {
  SysResult cr, second;
  Word reply = 0;
  server([&] {
    list();
    sys(SYS_RECV_ANY, 2);
    second = sys(SYS_REPLY_RECV_ANY, 2, mi(0, 1), 77);
  });
  on_ep("cli", [&] {
    cr = sys(SYS_CALL, 10, mi(1, 0));
    reply = buf().mr(0);
  });
  Process c2 = proc("c2", [&] { sys(SYS_SEND, 11, mi(2, 0)); });
  give(c2, 11, ep2);
  run();
  EXPECT_EQ(cr.error, OK);
  EXPECT_EQ(reply, 77u);
  EXPECT_EQ(second.error, OK);
  EXPECT_EQ(second.value, 1u);
}

TEST_F(IpcTest, PmExecLabel_PayloadCopiedFromReservedArea) {
  std::string got;
  on_ep("procmgr", [&] {
    sys(SYS_RECV, 10);
    got.assign(reinterpret_cast<const char*>(buf().reserved), 12);
  });
  on_ep("cli", [&] {
    std::memcpy(buf().reserved, "ls\0-l\0PATH=\0", 12);
    Word path = 0;
    std::memcpy(&path, "/bin/ls", 7);
    sys(SYS_CALL, 10, mi(kLabelPmExec, 4), 7, path, (Word{2} << 32) | 1, 12);
  });
  run();
  EXPECT_EQ(got, std::string("ls\0-l\0PATH=\0", 12));
}

TEST_F(IpcTest, OtherLabel_NoPayloadCopy) {
  Word first = 1;
  on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    first = buf().reserved[0];
  });
  on_ep("cli", [&] {
    buf().reserved[0] = 0xFFFF;
    sys(SYS_SEND, 10, mi(7, 4), 7, 0, 0, 8);
  });
  run();
  EXPECT_EQ(first, 0u);
}

TEST_F(IpcTest, EndpointDestroyed_WakesWaitersWithInvalidCapability) {
  SysResult r;
  Process srv = on_ep("srv", [&] { r = sys(SYS_RECV, 10); });
  proc("killer", [&] { k.cap_delete(srv.cnode->slot(10)); });
  run();
  EXPECT_EQ(r.error, INVALID_CAPABILITY);
}

TEST_F(IpcTest, EventsForSendReceiveCallReply) {
  record_events();
  on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    sys(SYS_REPLY_RECV, 10, mi(0, 0));
  });
  on_ep("cli", [&] { sys(SYS_CALL, 10, mi(1, 0)); sys(SYS_SEND, 10, mi(2, 0)); });
  run();
  EXPECT_EQ(count(KernelEvent::Kind::Call), 1u);
  EXPECT_EQ(count(KernelEvent::Kind::Reply), 1u);
  EXPECT_EQ(count(KernelEvent::Kind::Send), 1u);
}

TEST_F(IpcTest, Deadlock_ReportShowsWaitForChain) {
  Endpoint& nobody = k.new_endpoint();
  Process srv = on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    sys(SYS_CALL, 11, mi(1, 0));  // nobody ever receives on 11
  });
  give(srv, 11, nobody);
  on_ep("cli", [&] { sys(SYS_CALL, 10, mi(1, 0)); });
  EXPECT_EQ(run(), sim::RunResult::Deadlock);
  std::string rep = sched.deadlock_report();
  EXPECT_NE(rep.find("reply from 'srv'"), std::string::npos) << rep;
  EXPECT_NE(rep.find("(call)"), std::string::npos) << rep;
  auto w = k.waits();
  ASSERT_EQ(w.size(), 2u);
}

}  // namespace
}  // namespace kt

namespace kt {
namespace {

// Issue 16 point 3: a reply whose status is 6 with >= 3 MRs (it looks like
// a PM_EXEC send) must leave the caller's reserved[] alone, both for an
// implicit reply (REPLY_RECV) and through a saved reply cap.
TEST_F(IpcTest, Point3_PmExecPayloadNeverCopiedOnReply) {
  Word implicit_seen = 0, saved_seen = 0;
  on_ep("srv", [&] {
    std::memset(buf().reserved, 0x5A, 64);
    sys(SYS_RECV, 10);
    sys(SYS_REPLY_RECV, 10, mi(kLabelPmExec, 4), 7, 0, 0, 64);
    inv(SLOT_CNODE, CNODE_SAVE_CALLER, 20);
    sys(SYS_SEND, 20, mi(kLabelPmExec, 4), 7, 0, 0, 64);
  });
  on_ep("cli", [&] {
    buf().reserved[0] = 0x1111;
    sys(SYS_CALL, 10, mi(1, 0));
    implicit_seen = buf().reserved[0];
    buf().reserved[0] = 0x2222;
    sys(SYS_CALL, 10, mi(1, 0));
    saved_seen = buf().reserved[0];
  });
  run();
  EXPECT_EQ(implicit_seen, 0x1111u);
  EXPECT_EQ(saved_seen, 0x2222u);
}

}  // namespace
}  // namespace kt
