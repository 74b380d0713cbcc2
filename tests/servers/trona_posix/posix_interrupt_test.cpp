// Transport RESTART/INTERRUPTED (kernel-abi.md §3.0) through the POSIX
// file layer: a caller's bound notification fires while its CALL waits to
// be sent (RESTART: resent, always) or waits for the reply (INTERRUPTED:
// resent only for idempotent ops, else EINTR). The fake VFS holds
// requests so the caller is caught where the test wants it.
#include <gtest/gtest.h>

#include "kernel_model/objects/tcb/tcb.h"
#include "posix_world.h"
#include "trona/posix/errno.h"
#include "trona/posix/file.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"
#include "uapi/vfs.h"

namespace {

namespace px = trona::posix;
using kmodel::TcbState;
using vfstest::PosixWorld;
using namespace uapi::vfs;

constexpr kmodel::Word kGo = 40, kGoOn = 41, kBound = 42, kBoundB = 43, kStartB = 44;

TEST(PosixInterrupt, RestartIsResentInterruptedOnlyWhenIdempotent) {
  PosixWorld w;
  w.vfs.add_file("/f", "xyz");
  w.vfs.hold_go = kGo;
  w.vfs.hold_go_on = kGoOn;
  int b_fd = -1;
  px::ssize_t held_write = 0, resent_pread = 0, interrupted_write = 0;
  int interrupted_errno = 0;
  char got = 0;
  bool b_was_restarted = false, a_was_interrupted[2] = {false, false};

  kmodel::Process a = w.client("a", [&] {
    ASSERT_TRUE(trona::invoke(uapi::SLOT_SELF_TCB, uapi::TCB_BIND_NOTIFICATION, kBound).ok());
    int fd = px::open("/f", uapi::kO_RDWR);
    ASSERT_GE(fd, 0);
    w.vfs.hold_requests = 1;  // round 1: held while b's open waits to be sent
    held_write = px::write(fd, "A", 1);
    w.vfs.hold_requests = 1;  // round 2: interrupted in ReplyWait, idempotent
    resent_pread = px::pread(fd, &got, 1, 0);
    w.vfs.hold_requests = 1;  // round 3: interrupted in ReplyWait, not idempotent
    px::errno_ref() = 0;
    interrupted_write = px::write(fd, "C", 1);
    interrupted_errno = px::errno_ref();
  });
  kmodel::Process b = w.client("b", [&] {
    ASSERT_TRUE(trona::invoke(uapi::SLOT_SELF_TCB, uapi::TCB_BIND_NOTIFICATION, kBoundB).ok());
    trona::wait(kStartB);
    b_fd = px::open("/f", uapi::kO_RDONLY);
  });
  kmodel::Process s = w.client("signaller", [&] {
    auto wait_state = [](const kmodel::Process& p, TcbState st) {
      while (p.tcb->state != st) trona::yield();  // (host peek) the call is where we want it
    };
    trona::wait(kGo);  // round 1: the server holds a's write
    trona::signal(kStartB, 1);
    wait_state(b, TcbState::BlockedSend);
    trona::signal(kBoundB, 1);
    b_was_restarted = b.tcb->state != TcbState::BlockedSend;
    trona::signal(kGoOn, 1);
    for (bool& interrupted : a_was_interrupted) {  // rounds 2 and 3
      trona::wait(kGo);
      wait_state(a, TcbState::BlockedReply);
      trona::signal(kBound, 1);
      interrupted = a.tcb->state != TcbState::BlockedReply;
      trona::signal(kGoOn, 1);
    }
  });
  w.share_notification({w.vfs_process(), s}, kGo);
  w.share_notification({w.vfs_process(), s}, kGoOn);
  w.share_notification({a, s}, kBound);
  w.share_notification({b, s}, kBoundB);
  w.share_notification({b, s}, kStartB);
  ASSERT_TRUE(w.run());

  EXPECT_TRUE(b_was_restarted);
  EXPECT_GE(b_fd, 0);  // RESTART: resent, answered
  EXPECT_EQ(held_write, 1);
  EXPECT_TRUE(a_was_interrupted[0] && a_was_interrupted[1]);
  EXPECT_EQ(resent_pread, 1);  // idempotent: resent after INTERRUPTED
  EXPECT_EQ(got, 'A');
  EXPECT_EQ(interrupted_write, -1);  // not idempotent: EINTR, not resent
  EXPECT_EQ(interrupted_errno, uapi::kEINTR);
  std::size_t b_opens = 0;
  for (const lib::Request& rq : w.vfs.requests)
    if (rq.label == VFS_POSIX_OPEN && rq.badge == 0x101) ++b_opens;
  EXPECT_EQ(b_opens, 1u);  // the server saw b's open once
  EXPECT_EQ(w.vfs.count(VFS_PREAD), 2u);
  EXPECT_EQ(w.vfs.count(VFS_WRITE), 2u);  // the interrupted write reached the server once
  EXPECT_EQ(w.vfs.nodes["/f"].data, "ACz");  // ... and was carried out there
}

}  // namespace
