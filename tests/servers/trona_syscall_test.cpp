// trona/core/syscall.h puts every argument in the register slot of
// kernel-abi.md §2.1 (number; arg0 = cap; arg1 = msginfo/label; args 2..5 =
// MR0..MR3 or invoke a0..a3). A recording backend stands in for the
// simulator backend.
#include <gtest/gtest.h>

#include <array>

#include "trona/core/syscall.h"

namespace {

struct Recorded {
  std::uint64_t number;
  std::array<std::uint64_t, 6> args;
};
Recorded g_last{};
uapi::IpcBuffer g_ipc{};

}  // namespace

extern "C" trona::SysResult trona_backend_syscall(std::uint64_t number, std::uint64_t a0, std::uint64_t a1,
                                                  std::uint64_t a2, std::uint64_t a3, std::uint64_t a4,
                                                  std::uint64_t a5) {
  g_last = Recorded{number, {a0, a1, a2, a3, a4, a5}};
  return {uapi::TRONA_OK, number * 100};
}

extern "C" uapi::IpcBuffer* trona_backend_ipc_buffer() { return &g_ipc; }

namespace {

using Args = std::array<std::uint64_t, 6>;

TEST(TronaSyscall, IpcCallsPassCapInfoAndFourMessageRegisters) {
  const std::uint64_t info = uapi::msginfo(1, 4);
  auto r = trona::call(3, info, 10, 11, 12, 13);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.value, uapi::kSYS_CALL * 100);
  EXPECT_EQ(g_last.number, uapi::kSYS_CALL);
  EXPECT_EQ(g_last.args, (Args{3, info, 10, 11, 12, 13}));

  trona::send(4, info, 1, 2, 3, 4);
  EXPECT_EQ(g_last.number, uapi::kSYS_SEND);
  EXPECT_EQ(g_last.args, (Args{4, info, 1, 2, 3, 4}));
  trona::reply_recv(5, info, 7);
  EXPECT_EQ(g_last.number, uapi::kSYS_REPLY_RECV);
  EXPECT_EQ(g_last.args, (Args{5, info, 7, 0, 0, 0}));
  trona::nbsend(6, info);
  EXPECT_EQ(g_last.number, uapi::kSYS_NBSEND);
  trona::recv(7);
  EXPECT_EQ(g_last.number, uapi::kSYS_RECV);
  EXPECT_EQ(g_last.args, (Args{7, 0, 0, 0, 0, 0}));
  trona::reply_recv_any(3, info, 9);
  EXPECT_EQ(g_last.number, uapi::kSYS_REPLY_RECV_ANY);
  EXPECT_EQ(g_last.args, (Args{3, info, 9, 0, 0, 0}));
  trona::recv_timed(8, 5000);
  EXPECT_EQ(g_last.number, uapi::kSYS_RECV_TIMED);
  EXPECT_EQ(g_last.args, (Args{8, 5000, 0, 0, 0, 0}));
}

TEST(TronaSyscall, InvokePassesLabelAndFourArguments) {
  trona::invoke(2, uapi::CNODE_COPY, 20, 2, 21, uapi::RIGHTS_ALL);
  EXPECT_EQ(g_last.number, uapi::kSYS_INVOKE);
  EXPECT_EQ(g_last.args, (Args{2, uapi::CNODE_COPY, 20, 2, 21, uapi::RIGHTS_ALL}));
}

TEST(TronaSyscall, NotificationsAndMisc) {
  trona::signal(9, 0x4);
  EXPECT_EQ(g_last.number, uapi::kSYS_SIGNAL);
  EXPECT_EQ(g_last.args, (Args{9, 0x4, 0, 0, 0, 0}));
  trona::wait(9);
  EXPECT_EQ(g_last.number, uapi::kSYS_WAIT);
  trona::poll(9);
  EXPECT_EQ(g_last.number, uapi::kSYS_POLL);
  trona::yield();
  EXPECT_EQ(g_last.number, uapi::kSYS_YIELD);
  trona::clock_gettime(uapi::kClockMonotonic);
  EXPECT_EQ(g_last.number, uapi::kSYS_CLOCK_GETTIME);
  EXPECT_EQ(g_last.args[0], uapi::kClockMonotonic);
  const char text[] = "hi";
  trona::debug_putstr(text);
  EXPECT_EQ(g_last.number, uapi::kSYS_DEBUG_PUTSTR);
  EXPECT_EQ(g_last.args[0], reinterpret_cast<std::uint64_t>(text));
  EXPECT_EQ(g_last.args[1], 2u);
  EXPECT_EQ(trona::ipc_buffer(), &g_ipc);
}

}  // namespace
