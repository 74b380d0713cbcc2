// Issue 16 point 11: cases of their own for IRQ_HANDLER_CLEAR,
// IOPORT_IN16/OUT16/OUT32 and REPLY_RECV_ANY_TIMED.
#include "km_fixture.h"

namespace kt {
namespace {

using DeviceCasesTest = BusKernelTest;

TEST_F(DeviceCasesTest, Point11_IrqHandlerClearStopsDelivery) {
  SysResult before, after;
  kb.create_root_task([&] {
    bus.sink(kCom1Irq);
    before = kb.syscall(SYS_POLL, INIT_SLOT_COM1_NTFN);
    kb.syscall(SYS_INVOKE, INIT_SLOT_COM1_IRQ, IRQ_HANDLER_ACK);
    r = kb.syscall(SYS_INVOKE, INIT_SLOT_COM1_IRQ, IRQ_HANDLER_CLEAR);
    bus.sink(kCom1Irq);
    after = kb.syscall(SYS_POLL, INIT_SLOT_COM1_NTFN);
  });
  s2.run();
  EXPECT_EQ(before.value, Word{1} << kCom1Irq);
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(after.error, WOULD_BLOCK);
}

TEST_F(DeviceCasesTest, Point11_IoPort16And32BitAccesses) {
  bus.port_values[0x3F8] = 0xBEEF;
  kb.create_root_task([&] {
    r = kb.syscall(SYS_INVOKE, INIT_SLOT_COM1_IOPORT, IOPORT_IN16, 0);
    r2 = kb.syscall(SYS_INVOKE, INIT_SLOT_COM1_IOPORT, IOPORT_OUT16, 2, 0x1234);
    r3 = kb.syscall(SYS_INVOKE, INIT_SLOT_COM1_IOPORT, IOPORT_OUT32, 4, 0xCAFEF00D);
  });
  s2.run();
  EXPECT_EQ(r.error, OK);
  EXPECT_EQ(r.value, 0xBEEFu);
  EXPECT_EQ(r2.error, OK);
  EXPECT_EQ(r3.error, OK);
  ASSERT_EQ(bus.outs.size(), 2u);
  EXPECT_EQ(bus.outs[0], std::make_tuple(std::uint16_t{0x3FA}, 2u, std::uint32_t{0x1234}));
  EXPECT_EQ(bus.outs[1], std::make_tuple(std::uint16_t{0x3FC}, 4u, std::uint32_t{0xCAFEF00D}));
}

TEST_F(DeviceCasesTest, Point11_ReplyRecvAnyTimedRepliesThenTimesOut) {
  Endpoint& ep = k.new_endpoint();
  SysResult cr, rr;
  Word reply = 0;
  sim::VTime at = 0;
  Process srv = proc("srv", [&] {
    sys(SYS_RECV, 10);
    buf().reserved[0] = 10;
    buf().timeout_ns = 2 * sim::kMs;
    rr = sys(SYS_REPLY_RECV_ANY_TIMED, 1, mi(0, 1), 99);
    at = sched.now();
  });
  Process cli = proc("cli", [&] {
    cr = sys(SYS_CALL, 10, mi(1, 0));
    reply = buf().mr(0);
  });
  give(srv, 10, ep);
  give(cli, 10, ep);
  run();
  EXPECT_EQ(cr.error, OK);
  EXPECT_EQ(reply, 99u);
  EXPECT_EQ(rr.error, CANCELLED);
  EXPECT_EQ(at, 2 * sim::kMs);
  EXPECT_TRUE(ep.receivers.empty());
}

// The timeout-0 rule (issue 16 point 9): REPLY_RECV_ANY_TIMED with the
// buffer's timeout_ns left at 0 replies, then waits for the next caller.
TEST_F(DeviceCasesTest, TimeoutZeroRule_ReplyRecvAnyTimedZeroWaitsForTheNextCall) {
  Endpoint& ep = k.new_endpoint();
  SysResult rr;
  sim::VTime at = 1;
  Process srv = proc("srv", [&] {
    sys(SYS_RECV, 10);
    buf().reserved[0] = 10;
    buf().timeout_ns = 0;
    rr = sys(SYS_REPLY_RECV_ANY_TIMED, 1, mi(0, 1), 99);
    at = sched.now();
  });
  Process cli = proc("cli", [&] {
    sys(SYS_CALL, 10, mi(1, 0));
    sched.sleep_for(4 * sim::kMs);
    sys(SYS_SEND, 10, mi(2, 0));
  });
  give(srv, 10, ep);
  give(cli, 10, ep);
  run();
  EXPECT_EQ(rr.error, OK);
  EXPECT_EQ(at, 4 * sim::kMs);
}

}  // namespace
}  // namespace kt
