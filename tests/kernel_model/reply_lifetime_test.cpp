// Issue 16 point 1: a saved reply cap does not keep its caller alive; the
// caller's destruction cancels its IPC and deletes the reply cap.
#include "km_fixture.h"

namespace kt {
namespace {

class ReplyLifetimeTest : public KernelTest {
 protected:
  Endpoint& ep = k.new_endpoint();
  SysResult save, del, reply;
  bool slot_empty_after = false;
};

// The server saves the reply cap, then deletes the caller's only TCB cap
// (through a cap to the caller's CNode at slot 12).
TEST_F(ReplyLifetimeTest, Point1_DeletingCallersLastTcbCapDeletesReplyCap) {
  Word caller_id = 0;
  bool caller_returned = false;
  Process cli = proc("cli", [&] {
    sys(SYS_CALL, 10, mi(1, 0));
    caller_returned = true;
  });
  give(cli, 10, ep);
  caller_id = cli.tcb->id();
  Process srv = proc("srv", [&] {
    sys(SYS_RECV, 10);
    save = inv(SLOT_CNODE, CNODE_SAVE_CALLER, 20);
    del = inv(12, CNODE_DELETE, SLOT_TCB);
    slot_empty_after = srv.cnode->slot(20).cap.empty();
    reply = sys(SYS_SEND, 20, mi(0, 1), 5);
  });
  give(srv, 10, ep);
  give(srv, 12, *cli.cnode);
  run();
  EXPECT_EQ(save.error, OK);
  EXPECT_EQ(del.error, OK);
  EXPECT_TRUE(slot_empty_after);
  EXPECT_EQ(reply.error, INVALID_CAPABILITY);
  EXPECT_EQ(k.objects().find(caller_id), nullptr);  // the TCB is gone
  EXPECT_FALSE(caller_returned);
}

// The server dies holding a saved reply cap (its TCB goes first, then its
// CNode with the cap, as procmgr tears a killed server down): the caller
// no longer lends the dead server its priority and keeps waiting; deleting
// the reply cap afterwards touches no freed TCB (ASan would see it).
TEST_F(ReplyLifetimeTest, ServerDiesHoldingASavedReplyCapTheCallerKeepsWaiting) {
  bool caller_returned = false;
  SysResult suspend;
  Process cli = proc("cli", [&] {
    sys(SYS_CALL, 10, mi(1, 0));
    caller_returned = true;
  });
  give(cli, 10, ep);
  Process srv = proc("srv", [&] {
    sys(SYS_RECV, 10);
    save = inv(SLOT_CNODE, CNODE_SAVE_CALLER, 20);
    sys(SYS_WAIT, 11);  // parks forever
  });
  give(srv, 10, ep);
  give(srv, 11, k.new_notification());
  Process owner = solo([&] {
    sched.sleep_for(sim::kMs);
    del = inv(12, CNODE_DELETE, SLOT_TCB);  // the server's only TCB cap: it dies
    reply = inv(12, CNODE_DELETE, 20);      // then the saved reply cap goes
    suspend = inv(13, TCB_SUSPEND);         // the caller's wait ends: nothing of the server is touched
  });
  give(owner, 12, *srv.cnode);
  give(owner, 13, *cli.tcb);
  run();
  EXPECT_EQ(save.error, OK);
  EXPECT_EQ(del.error, OK);
  EXPECT_EQ(reply.error, OK);
  EXPECT_EQ(suspend.error, OK);
  EXPECT_FALSE(caller_returned);
  EXPECT_EQ(cli.tcb->donated_to, nullptr);
  EXPECT_EQ(cli.tcb->reply_from, nullptr);
}

// Revoking the untyped a caller TCB came from destroys it although a
// server holds its reply cap; UNTYPED_RESET then succeeds.
TEST_F(ReplyLifetimeTest, Point1_RevokedUntypedCallerIsGoneAndResetSucceeds) {
  SysResult revoke, reset;
  bool srv_slot_empty = false;
  k.register_entry(0x401000, [&] { sys(SYS_CALL, 10, mi(1, 0)); });
  Process srv = proc("srv", [&] {
    sys(SYS_RECV, 10);
    save = inv(SLOT_CNODE, CNODE_SAVE_CALLER, 20);
    sys(SYS_SEND, 11, mi(0, 0));  // tell the owner the reply cap is saved
  });
  give(srv, 10, ep);
  Endpoint& go = k.new_endpoint();
  give(srv, 11, go);
  Process owner = solo([&] {
    retype(16, OBJ_TCB, 0, 20);
    inv(20, TCB_SET_SPACE, SLOT_CNODE, SLOT_VSPACE, 0);
    inv(20, TCB_CONFIGURE, 0x401000, 0x7000, 0);
    inv(20, TCB_RESUME);
    sys(SYS_RECV, 11);
    revoke = inv(SLOT_CNODE, CNODE_REVOKE, 16);
    reset = inv(16, UNTYPED_RESET);
    srv_slot_empty = srv.cnode->slot(20).cap.empty();
  });
  give(owner, 10, ep);
  give(owner, 11, go);
  run();
  EXPECT_EQ(save.error, OK);
  EXPECT_EQ(revoke.error, OK);
  EXPECT_EQ(reset.error, OK);
  EXPECT_TRUE(srv_slot_empty);
}

}  // namespace
}  // namespace kt
