// The situation the POSIX file layer's tests run in: a kernel model with a
// fake VFS (fake_vfs.h) and a fake procmgr that answers PM_GET_PROC_INFO
// with a chosen umask, both served by lib::serve; client processes with
// the two endpoints in their well-known slots (SLOT_VFS_EP,
// SLOT_PROCMGR_EP) run test bodies that use trona::posix::*. Each world
// has its own scheduler; several may be alive at once.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <initializer_list>
#include <string>

#include "fake_vfs.h"
#include "kernel_model/kernel.h"
#include "trona/posix/errno.h"

namespace vfstest {

class PosixWorld {
 public:
  explicit PosixWorld(std::uint64_t umask = 022);
  // A client process running `body` (VFS badge 0x100 + its index); run()
  // starts it.
  kmodel::Process client(const std::string& name, std::function<void()> body);
  // One notification installed at `slot` in each of `procs`.
  void share_notification(std::initializer_list<kmodel::Process> procs, kmodel::Word slot);
  kmodel::Process vfs_process() const { return vfs_proc_; }
  // Runs until the servers wait for work; success iff every body ended.
  ::testing::AssertionResult run();

  FakeVfs vfs;
  std::uint64_t umask;
  bool procmgr_present = true;  // false: clients get no procmgr endpoint

 private:
  sim::Scheduler sched_;
  kmodel::Kernel k_;
  kmodel::Endpoint& vfs_ep_;
  kmodel::Endpoint& pm_ep_;
  kmodel::Process vfs_proc_;
  std::vector<kmodel::Process> clients_;
  int started_ = 0;
  int finished_ = 0;
};

// errno after a call that must fail with -1 (run inside a client body).
template <class F>
int errno_of(F&& call) {
  trona::posix::errno_ref() = 0;
  auto r = call();
  EXPECT_EQ(r, decltype(r)(-1));
  return trona::posix::errno_ref();
}

}  // namespace vfstest
