// Issue 16 point 10, the smaller seL4 points: raising a ready thread above
// the running one preempts at once (TCB_SET_PRIORITY, a signal, a reply
// through a saved reply cap); CNode operations report an occupied
// destination before an empty source; a cap travels over a badged
// endpoint cap without GRANT (the digest's rule, README "IPC").
#include "km_fixture.h"

namespace kt {
namespace {

constexpr sim::Priority kUrgent = sim::kDefaultPriority / 2;

class Sel4PointsTest : public KernelTest {
 protected:
  std::vector<std::string> order;
  SysResult r;
};

TEST_F(Sel4PointsTest, Point10_SetPriorityAboveRunningPreemptsAtOnce) {
  Process a = proc("a", [&] {
    order.push_back("a1");
    r = inv(20, TCB_SET_PRIORITY, kUrgent);
    order.push_back("a2");
  });
  Process b = proc("b", [&] { order.push_back("b"); });
  give(a, 20, *b.tcb);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(order, (std::vector<std::string>{"a1", "b", "a2"}));
}

TEST_F(Sel4PointsTest, Point10_SignalWakingMoreUrgentWaiterPreempts) {
  Notification& n = k.new_notification();
  Process b = proc("b", [&] {
    sys(SYS_WAIT, 10);
    order.push_back("b");
  }, kUrgent);
  Process a = proc("a", [&] {
    r = sys(SYS_SIGNAL, 10, 1);
    order.push_back("a");
  });
  give(b, 10, n);
  give(a, 10, n);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(order, (std::vector<std::string>{"b", "a"}));
}

TEST_F(Sel4PointsTest, Point10_ReplyToMoreUrgentCallerPreempts) {
  Endpoint& ep = k.new_endpoint();
  Process srv = proc("srv", [&] {
    sys(SYS_RECV, 10);
    inv(SLOT_CNODE, CNODE_SAVE_CALLER, 20);
    r = sys(SYS_SEND, 20, mi(0, 0));
    order.push_back("srv");
  });
  Process cli = proc("cli", [&] {
    sys(SYS_CALL, 10, mi(1, 0));
    order.push_back("cli");
  }, kUrgent);
  give(srv, 10, ep);
  give(cli, 10, ep);
  run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(order, (std::vector<std::string>{"cli", "srv"}));
}

TEST_F(Sel4PointsTest, Point10_CNodeCopyReportsOccupiedDestBeforeEmptySource) {
  SysResult copy, mint, move, mutate;
  solo([&] {
    // slot 30 is empty, SLOT_VSPACE is occupied
    copy = inv(SLOT_CNODE, CNODE_COPY, 30, SLOT_CNODE, SLOT_VSPACE, RIGHTS_ALL);
    mint = inv(SLOT_CNODE, CNODE_MINT, 30, SLOT_CNODE, SLOT_VSPACE, 5);
    move = inv(SLOT_CNODE, CNODE_MOVE, SLOT_VSPACE, SLOT_CNODE, 30);
    mutate = inv(SLOT_CNODE, CNODE_MUTATE, SLOT_VSPACE, SLOT_CNODE, 30, 5);
    r = inv(SLOT_CNODE, CNODE_COPY, 30, SLOT_CNODE, 31, RIGHTS_ALL);  // both empty
  });
  run();
  EXPECT_EQ(copy.error, SLOT_OCCUPIED);
  EXPECT_EQ(mint.error, SLOT_OCCUPIED);
  EXPECT_EQ(move.error, SLOT_OCCUPIED);
  EXPECT_EQ(mutate.error, SLOT_OCCUPIED);
  EXPECT_EQ(r.error, INVALID_CAPABILITY);
}

// The digest checks GRANT on each transferred cap, not on the endpoint cap
// (badged caps never have GRANT yet carry caps): kept, README "IPC".
TEST_F(Sel4PointsTest, Point10_CapOverEndpointWithoutGrantFollowsDigest) {
  Endpoint& ep = k.new_endpoint();
  Notification& n = k.new_notification();
  SysResult with_grant, without_grant;
  Process srv = proc("srv", [&] {
    buf().receive_index = 40;
    sys(SYS_RECV, 10);
    buf().receive_index = 41;
    sys(SYS_RECV, 10);
  });
  Process cli = proc("cli", [&] {
    buf().caps[0] = 11;
    with_grant = sys(SYS_SEND, 10, mi(1, 0, 1));
    buf().caps[0] = 12;
    without_grant = sys(SYS_SEND, 10, mi(2, 0, 1));
    sys(SYS_SEND, 10, mi(3, 0));
  });
  give(srv, 10, ep);
  give(cli, 10, ep, RIGHTS_ALL & ~RIGHT_GRANT, 77);
  give(cli, 11, n);
  give(cli, 12, n, RIGHTS_ALL & ~RIGHT_GRANT);
  run();
  EXPECT_EQ(with_grant.error, OK);
  EXPECT_EQ(cap_at(srv, 40).obj, &n);
  EXPECT_EQ(without_grant.error, INSUFFICIENT_RIGHTS);
  EXPECT_TRUE(cap_at(srv, 41).empty());
}

}  // namespace
}  // namespace kt
