// TCB_WRITE_REGISTERS on a suspended thread that already ran (seL4
// semantics, what PM_EXEC relies on): on resume the thread starts afresh at
// the written rip with the written rsp; the code it was running (the old
// fiber, parked in the kernel) never continues and is unwound.
#include "km_fixture.h"

namespace kt {
namespace {

constexpr Word kNewRip = 0x500000, kNewRsp = 0x7FF0;
constexpr Word kEpSlot = 20, kClientTcbSlot = 21;

class TcbRestartTest : public KernelTest {
 protected:
  int new_entry_runs = 0;
  Word new_entry_rsp = 0;
  bool old_code_continued = false;
  int old_frames_unwound = 0;
  SysResult suspend_r, write_r, resume_r;

  struct UnwindProbe {
    int* count;
    ~UnwindProbe() { ++*count; }
  };

  void register_new_entry() {
    k.register_entry(kNewRip, [this] {
      ++new_entry_runs;
      new_entry_rsp = k.current()->rsp;
    });
  }

  // A client blocked in a CALL on an endpoint the server receives on; the
  // server holds the client's TCB cap and runs `restart` after receiving.
  void client_in_call_and_server(std::function<void()> restart) {
    Endpoint& ep = k.new_endpoint();
    Process client = proc("client", [this] {
      UnwindProbe probe{&old_frames_unwound};
      sys(SYS_CALL, kEpSlot, mi(1, 0));
      old_code_continued = true;
    });
    Process server = proc("server", [this, restart] {
      sys(SYS_RECV, kEpSlot);
      restart();
    });
    give(client, kEpSlot, ep);
    give(server, kEpSlot, ep);
    give(server, kClientTcbSlot, *client.tcb);
  }
};

TEST_F(TcbRestartTest, SuspendedCallerRestartsAtWrittenRipOnAFreshFiber) {
  register_new_entry();
  client_in_call_and_server([this] {
    suspend_r = inv(kClientTcbSlot, TCB_SUSPEND);
    write_r = inv(kClientTcbSlot, TCB_WRITE_REGISTERS, kWriteRegsResume, kNewRip, kNewRsp);
  });
  EXPECT_EQ(run(), sim::RunResult::Idle);
  EXPECT_EQ(suspend_r.error, OK);
  EXPECT_EQ(write_r.error, OK);
  EXPECT_EQ(new_entry_runs, 1);
  EXPECT_EQ(new_entry_rsp, kNewRsp);
  EXPECT_FALSE(old_code_continued);     // the CALL never returned into the old code
  EXPECT_EQ(old_frames_unwound, 1);     // its frames were unwound, destructors ran once
}

TEST_F(TcbRestartTest, WriteWithoutResumeStartsAtTheNextResume) {
  register_new_entry();
  int runs_before_resume = -1;
  client_in_call_and_server([this, &runs_before_resume] {
    inv(kClientTcbSlot, TCB_SUSPEND);
    write_r = inv(kClientTcbSlot, TCB_WRITE_REGISTERS, 0, kNewRip, kNewRsp);
    sched.sleep_for(sim::kMs);  // nothing runs the client meanwhile
    runs_before_resume = new_entry_runs;
    resume_r = inv(kClientTcbSlot, TCB_RESUME);
  });
  run();
  EXPECT_EQ(write_r.error, OK);
  EXPECT_EQ(resume_r.error, OK);
  EXPECT_EQ(runs_before_resume, 0);
  EXPECT_EQ(new_entry_runs, 1);
  EXPECT_FALSE(old_code_continued);
}

TEST_F(TcbRestartTest, RunningThreadCannotBeRewritten) {
  register_new_entry();
  client_in_call_and_server([this] {
    // The client is blocked (not Inactive): the registers are not its to change.
    write_r = inv(kClientTcbSlot, TCB_WRITE_REGISTERS, kWriteRegsResume, kNewRip, kNewRsp);
    sys(SYS_REPLY_RECV, kEpSlot, mi(0, 0));
  });
  run();
  EXPECT_EQ(write_r.error, INVALID_OPERATION);
  EXPECT_EQ(new_entry_runs, 0);
  EXPECT_TRUE(old_code_continued);  // the reply reached the old code
}

TEST_F(TcbRestartTest, RestartedThreadWithNothingAtRipFaults) {
  client_in_call_and_server([this] {
    inv(kClientTcbSlot, TCB_SUSPEND);
    write_r = inv(kClientTcbSlot, TCB_WRITE_REGISTERS, kWriteRegsResume, 0x600000, kNewRsp);
  });
  run();
  EXPECT_EQ(write_r.error, OK);
  EXPECT_FALSE(old_code_continued);
  EXPECT_EQ(old_frames_unwound, 1);
  EXPECT_EQ(new_entry_runs, 0);
}

}  // namespace
}  // namespace kt
