#include "posix_world.h"

#include "counted_process.h"
#include "trona/core/serve.h"
#include "uapi/procmgr.h"

namespace vfstest {

namespace {

constexpr kmodel::Word kServerEp = 20, kServerRecv = 24, kServerProbe = 30;
constexpr std::uint32_t kClientRights = kmodel::abi::RIGHT_SEND | kmodel::abi::RIGHT_CALL;

// The one procmgr answer the file layer needs: PM_GET_PROC_INFO's umask (MR10).
void fake_procmgr(void* umask, const lib::Request& rq, lib::Reply* rp) {
  if (rq.label != uapi::procmgr::PM_GET_PROC_INFO) return rp->status(uapi::TRONA_INVALID_OPERATION);
  for (int i = 0; i < 10; ++i) rp->push(0);
  rp->push(*static_cast<std::uint64_t*>(umask));
  rp->push(0);  // path length
}

}  // namespace

PosixWorld::PosixWorld(std::uint64_t mask)
    : umask(mask), sched_(sim::SchedulerOptions{.seed = 5}), k_(sched_), vfs_ep_(k_.new_endpoint()),
      pm_ep_(k_.new_endpoint()) {
  const lib::ServeConfig config{kServerEp, kServerRecv, kServerProbe};
  vfs_proc_ = k_.create_process([this, config] { lib::serve(config, &FakeVfs::handle, &vfs); },
                                {.name = "fake-vfs", .start = false});
  k_.install(*vfs_proc_.cnode, kServerEp, vfs_ep_);
  kmodel::Process pm_proc = k_.create_process([this, config] { lib::serve(config, &fake_procmgr, &umask); },
                                              {.name = "fake-procmgr", .start = false});
  k_.install(*pm_proc.cnode, kServerEp, pm_ep_);
  k_.start(*vfs_proc_.tcb);
  k_.start(*pm_proc.tcb);
}

kmodel::Process PosixWorld::client(const std::string& name, std::function<void()> body) {
  kmodel::Process p = servertest::counted_process(k_, name, std::move(body), started_, finished_);
  k_.install(*p.cnode, uapi::SLOT_VFS_EP, vfs_ep_, kClientRights, 0x100 + clients_.size());
  clients_.push_back(p);
  return p;
}

void PosixWorld::share_notification(std::initializer_list<kmodel::Process> procs, kmodel::Word slot) {
  kmodel::Notification& n = k_.new_notification();
  for (const kmodel::Process& p : procs) k_.install(*p.cnode, slot, n);
}

::testing::AssertionResult PosixWorld::run() {
  for (kmodel::Process& p : clients_) {
    if (procmgr_present) k_.install(*p.cnode, uapi::SLOT_PROCMGR_EP, pm_ep_, kClientRights, 0x100);
    k_.start(*p.tcb);
  }
  sim::RunResult r = sched_.run();
  if (r == sim::RunResult::Idle && finished_ == started_) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "scheduler ended " << sim::to_string(r) << " with " << finished_ << " of "
                                       << started_ << " bodies finished\n"
                                       << k_.waits_report();
}

}  // namespace vfstest
