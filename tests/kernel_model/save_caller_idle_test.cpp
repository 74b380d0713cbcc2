// Idle vs deadlock for saved reply caps (kernel_model/README.md "Idle vs
// deadlock"): a caller whose reply cap a server saved waits for an event
// (an Idle wait, like a server in RECV), so a run that ends with it still
// waiting is idle; a caller whose reply is merely owed (not saved) is a
// dependent wait, and a run that strands it is a deadlock.
#include "km_fixture.h"

namespace kt {
namespace {

class SaveCallerIdleTest : public KernelTest {
 protected:
  Endpoint& ep = k.new_endpoint();
  Process on_ep(const std::string& name, std::function<void()> body) {
    Process p = proc(name, std::move(body));
    give(p, 10, ep);
    return p;
  }
};

TEST_F(SaveCallerIdleTest, CallerWhoseReplyWasSavedWaitsIdle) {
  SysResult save, back;
  bool returned = false;
  on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    save = inv(SLOT_CNODE, CNODE_SAVE_CALLER, 20);
    back = sys(SYS_RECV, 10);  // never answers, like procmgr with init's PM_WAIT
  });
  Process cli = on_ep("cli", [&] {
    sys(SYS_CALL, 10, mi(1, 0));
    returned = true;
  });
  EXPECT_EQ(run(), sim::RunResult::Idle);
  EXPECT_EQ(save.error, OK);
  EXPECT_FALSE(returned);
  EXPECT_EQ(cli.tcb->state, TcbState::BlockedReply);
  EXPECT_EQ(cli.tcb->thread->wait_kind(), sim::WaitKind::Idle);
}

TEST_F(SaveCallerIdleTest, CallerWhoseReplyIsOnlyOwedIsADeadlock) {
  on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    inv(SLOT_TCB, TCB_SUSPEND);  // stops without answering or saving
  });
  Process cli = on_ep("cli", [&] { sys(SYS_CALL, 10, mi(1, 0)); });
  EXPECT_EQ(run(), sim::RunResult::Deadlock);
  EXPECT_EQ(cli.tcb->thread->wait_kind(), sim::WaitKind::Dependent);
}

TEST_F(SaveCallerIdleTest, SavedCallerStillGetsItsReply) {
  SysResult cr;
  Word got = 0;
  on_ep("srv", [&] {
    sys(SYS_RECV, 10);
    inv(SLOT_CNODE, CNODE_SAVE_CALLER, 20);
    sys(SYS_NANOSLEEP, 1'000'000);  // the caller re-blocks as Idle meanwhile
    sys(SYS_SEND, 20, mi(0, 1), 77);
  });
  on_ep("cli", [&] {
    cr = sys(SYS_CALL, 10, mi(1, 0));
    got = buf().mr(0);
  });
  EXPECT_EQ(run(), sim::RunResult::Idle);
  EXPECT_EQ(cr.error, OK);
  EXPECT_EQ(got, 77u);
}

}  // namespace
}  // namespace kt
