// The retry rules of the trona client stubs (trona/core/client.h) against a
// real kernel: a CALL interrupted by the caller's bound notification is
// resent after RESTART (the server never saw it) always, after INTERRUPTED
// (the server saw it) only for idempotent ops; otherwise EINTR. A scripted
// stand-in server takes the stubs' calls.
#include <gtest/gtest.h>

#include <vector>

#include "ipc_harness.h"
#include "trona/clients/namesrv_client.h"
#include "uapi/namesrv.h"

namespace {

using namespace ipct;
using uapi::SLOT_SELF_CNODE;

constexpr Word kEp = kFree;            // the stand-in's endpoint (everyone)
constexpr Word kBound = kFree + 1;     // the client's bound notification
constexpr Word kGo = kFree + 2;        // stand-in -> signaller: "a call is in"
constexpr Word kGoOn = kFree + 3;      // signaller -> stand-in: "carry on"
constexpr Word kReplyCap = kFree + 4;  // stand-in's saved reply cap
constexpr Word kRecvCap = kFree + 5;   // where the stand-in receives caps
constexpr Word kMine = kFree + 6;      // an endpoint the client registers

TEST(TronaClientIpc, InterruptedCallsAreResentOnlyWhenSafe) {
  SimOs os;
  std::vector<Word> labels;  // what the stand-in received, in order
  int e_register = -1, e_lookup = -1, e_register_again = -1;

  Process stand_in = os.client("stand-in", kClientBadge + 1, [&] {
    auto take = [&] {
      trona::ipc_buffer()->receive_index = kRecvCap;
      ASSERT_TRUE(trona::recv(kEp).ok());
      labels.push_back(trona::ipc_buffer()->msg[uapi::kIpcMsgLabel]);
      trona::invoke(SLOT_SELF_CNODE, uapi::CNODE_DELETE, kRecvCap);
    };
    auto answer = [&](Word status) {
      ASSERT_TRUE(trona::invoke(SLOT_SELF_CNODE, uapi::CNODE_SAVE_CALLER, kReplyCap).ok());
      EXPECT_TRUE(trona::send(kReplyCap, uapi::msginfo(status, 0)).ok());
    };
    auto stall = [] {  // the caller waits while the signaller interrupts it
      trona::signal(kGo, 1);
      trona::wait(kGoOn);
    };
    take(), stall();                         // 1: NS_REGISTER, interrupted in ReplyWait
    take(), stall();                         // 2: NS_LOOKUP, interrupted in ReplyWait
    take(), answer(uapi::TRONA_NOT_FOUND);   // 3: NS_LOOKUP resent by the stub
    stall();                                 //    busy: the next call waits to be sent
    take(), answer(uapi::TRONA_OK);          // 4: NS_REGISTER, sent once despite RESTART
  });
  Process client = os.client("client", kClientBadge + 2, [&] {
    ASSERT_TRUE(trona::invoke(uapi::SLOT_SELF_TCB, uapi::TCB_BIND_NOTIFICATION, kBound).ok());
    trona::NamesrvClient ns(kEp);
    e_register = ns.register_endpoint("x", kMine);
    e_lookup = ns.lookup("x", kFree + 7);
    e_register_again = ns.register_endpoint("y", kMine);
  });
  Process signaller = os.client("signaller", kClientBadge + 3, [&] {
    auto wait_state = [&](kmodel::TcbState s) {
      while (client.tcb->state != s) trona::yield();  // (host peek) the call is where we want it
    };
    for (int round = 0; round < 3; ++round) {
      trona::wait(kGo);
      wait_state(round < 2 ? kmodel::TcbState::BlockedReply : kmodel::TcbState::BlockedSend);
      trona::signal(kBound, 1);
      trona::signal(kGoOn, 1);
    }
  });
  kmodel::Endpoint& ep = os.k.new_endpoint();
  os.k.install(*stand_in.cnode, kEp, ep);
  os.k.install(*client.cnode, kEp, ep, kmodel::abi::RIGHT_CALL | kmodel::abi::RIGHT_SEND);
  os.k.install(*client.cnode, kMine, os.k.new_endpoint());
  kmodel::Notification& bound = os.k.new_notification();
  os.k.install(*client.cnode, kBound, bound);
  os.k.install(*signaller.cnode, kBound, bound);
  os.share_notification({stand_in, signaller}, kGo);
  os.share_notification({stand_in, signaller}, kGoOn);
  ASSERT_TRUE(os.run());

  EXPECT_EQ(e_register, uapi::kEINTR);         // not idempotent: not resent
  EXPECT_EQ(e_lookup, uapi::kENOENT);          // idempotent: resent, answered
  EXPECT_EQ(e_register_again, 0);              // RESTART: resent transparently
  using uapi::namesrv::NS_LOOKUP;
  using uapi::namesrv::NS_REGISTER;
  EXPECT_EQ(labels, (std::vector<Word>{NS_REGISTER, NS_LOOKUP, NS_LOOKUP, NS_REGISTER}));
}

}  // namespace
