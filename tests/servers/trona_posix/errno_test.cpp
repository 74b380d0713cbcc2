// trona::posix errno helpers: result/fail set the calling process's errno.
#include <gtest/gtest.h>

#include "kernel_model/kernel.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace {

using trona::posix::errno_ref;

TEST(PosixErrno, HelpersSetTheCallingProcesssErrnoOnly) {
  sim::Scheduler sched{sim::SchedulerOptions{.seed = 3}};
  kmodel::Kernel k(sched);
  int a_ok = 7, a_fail = 7, a_errno = 0, b_errno = -1;
  long a_long = 0, a_value = 0;
  kmodel::Process a = k.create_process(
      [&] {
        errno_ref() = 0;
        a_ok = trona::posix::result(0);
        a_value = trona::posix::result_or<long>(0, 1234);
        EXPECT_EQ(errno_ref(), 0);  // success leaves errno alone
        a_fail = trona::posix::result(uapi::kENOENT);
        a_long = trona::posix::result_or<long>(uapi::kEBADF, 1234);
        a_errno = errno_ref();
      },
      {.name = "a", .start = false});
  kmodel::Process b = k.create_process([&] { b_errno = errno_ref(); }, {.name = "b", .start = false});
  k.start(*a.tcb);
  ASSERT_EQ(sched.run(), sim::RunResult::Idle);
  k.start(*b.tcb);
  ASSERT_EQ(sched.run(), sim::RunResult::Idle);
  EXPECT_EQ(a_ok, 0);
  EXPECT_EQ(a_value, 1234);
  EXPECT_EQ(a_fail, -1);
  EXPECT_EQ(a_long, -1);
  EXPECT_EQ(a_errno, uapi::kEBADF);  // the last failure wins
  EXPECT_EQ(b_errno, 0);             // another process starts at 0
}

}  // namespace
