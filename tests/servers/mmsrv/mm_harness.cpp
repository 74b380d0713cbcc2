#include "mm_harness.h"

#include "../counted_process.h"

namespace mmt {

using namespace kmodel;
namespace ka = kmodel::abi;

MmOs::MmOs(unsigned untyped_bits)
    : sched(sim::SchedulerOptions{.seed = 5}), k(sched, nullptr, KernelOptions{}), mm_ep(k.new_endpoint()) {
  // mmsrv keeps frames at 1024 + i: CNodeBits 12.
  mmsrv = k.create_process([] { trona_program_mmsrv(0, nullptr, nullptr); },
                           ProcessOptions{.name = "mmsrv", .cnode_bits = 12, .start = false});
  k.install(*mmsrv.cnode, kMmsrvEpSlot, mm_ep);
  k.install(*mmsrv.cnode, uapi::SLOT_CHILD_UNTYPED, k.new_untyped(untyped_bits));
  k.start(*mmsrv.tcb);
}

MmOs::~MmOs() = default;

Process MmOs::client(const std::string& name, Word badge, std::function<void()> body) {
  Process p = servertest::counted_process(k, name, std::move(body), started_, finished_);
  k.install(*p.cnode, uapi::SLOT_MMSRV_EP, mm_ep, ka::RIGHT_SEND | ka::RIGHT_CALL, badge);
  // What procmgr does at spawn: TCB_SET_FAULT_HANDLER with the minted endpoint.
  SysResult r = op_tcb_set_fault_handler(k, *p.tcb, &mm_ep, badge);
  EXPECT_TRUE(r.ok()) << "set fault handler: " << r.error;
  clients_.push_back(p);
  return p;
}

::testing::AssertionResult MmOs::run(int expect_finished) {
  for (Process& p : clients_) k.start(*p.tcb);
  sim::RunResult r = sched.run();
  int want = expect_finished < 0 ? started_ : expect_finished;
  if (r == sim::RunResult::Idle && finished_ == want) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "scheduler ended " << sim::to_string(r) << " with " << finished_ << " of "
                                       << started_ << " bodies finished (want " << want << ")\nwaits:\n"
                                       << k.waits_report() << "\n"
                                       << sched.deadlock_report();
}

}  // namespace mmt
