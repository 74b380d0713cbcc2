#include "ipc_harness.h"

#include "counted_process.h"

#include <stdexcept>

namespace ipct {

using namespace kmodel;
namespace ka = kmodel::abi;

// Clients (init included) may send and call the service endpoints.
constexpr std::uint32_t kClientRights = ka::RIGHT_SEND | ka::RIGHT_CALL;

SimOs::SimOs(Word ram_bytes)
    : sched(sim::SchedulerOptions{.seed = 11}),
      k(sched, nullptr, KernelOptions{.ram_bytes = ram_bytes}),
      ns_ep(k.new_endpoint()),
      rs_ep(k.new_endpoint()) {
  namesrv = k.create_process([] { trona_program_namesrv(0, nullptr, nullptr); },
                             ProcessOptions{.name = "namesrv", .start = false});
  k.install(*namesrv.cnode, uapi::SLOT_NAMESRV_EP, ns_ep);
  // rsrcsrv keeps object i at slot 1024 + i: CNodeBits 11.
  rsrcsrv = k.create_process([] { trona_program_rsrcsrv(0, nullptr, nullptr); },
                             ProcessOptions{.name = "rsrcsrv", .cnode_bits = 11, .start = false});
  k.install(*rsrcsrv.cnode, uapi::SLOT_RSRCSRV_EP, rs_ep);
  k.start(*namesrv.tcb);
  k.start(*rsrcsrv.tcb);
}

SimOs::~SimOs() = default;

Process SimOs::client(const std::string& name, Word badge, std::function<void()> body) {
  Process p = servertest::counted_process(k, name, std::move(body), started_, finished_);
  k.install(*p.cnode, uapi::SLOT_NAMESRV_EP, ns_ep, kClientRights, badge);
  k.install(*p.cnode, uapi::SLOT_RSRCSRV_EP, rs_ep, kClientRights, badge);
  clients_.push_back(p);
  return p;
}

Process SimOs::init(std::function<void()> body) {
  ++started_;
  Process p = k.create_root_task([this, body = std::move(body)] {
    trona::RsrcsrvClient rs(kInitRsrcsrvSlot);
    // Root untypeds sit from slot 16 on; the first empty slot ends them.
    for (Word s = ka::INIT_SLOT_UNTYPED_BASE; s < ka::INIT_SLOT_UNTYPED_BASE + ka::kInitMaxUntypeds; ++s) {
      int e = rs.adopt_untyped(s);
      if (e == uapi::kEBADF) break;
      EXPECT_EQ(e, 0) << "RES_ADOPT_UNTYPED of init slot " << s;
      ++adopted;
    }
    body();
    resume_clients();
    ++finished_;
  });
  k.install(*p.cnode, kInitRsrcsrvSlot, rs_ep, kClientRights, uapi::rsrcsrv::kInitBadge);
  k.install(*p.cnode, kInitNamesrvSlot, ns_ep, kClientRights, uapi::rsrcsrv::kInitBadge);
  has_init_ = true;
  init_ = p;
  return p;
}

void SimOs::resume_clients() {
  for (; resumed_ < clients_.size(); ++resumed_) {
    trona::SysResult r = trona::invoke(kInitClientTcbBase + resumed_, uapi::TCB_RESUME);
    EXPECT_TRUE(r.ok()) << "TCB_RESUME of client " << resumed_ << ": " << r.error;
  }
}

void SimOs::share_notification(std::initializer_list<Process> procs, Word slot) {
  Notification& n = k.new_notification();
  for (const Process& p : procs) k.install(*p.cnode, slot, n);
}

::testing::AssertionResult SimOs::run() {
  for (std::size_t i = 0; i < clients_.size(); ++i) {
    if (has_init_) k.install(*init_.cnode, kInitClientTcbBase + i, *clients_[i].tcb);
    else k.start(*clients_[i].tcb);
  }
  sim::RunResult r = sched.run();
  if (r == sim::RunResult::Idle && finished_ == started_) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "scheduler ended " << sim::to_string(r) << " with " << finished_ << " of "
                                       << started_ << " bodies finished\nwaits:\n"
                                       << k.waits_report() << "\n"
                                       << sched.deadlock_report();
}

KObject* object_at(Kernel& k, const Process& p, Word slot) {
  Slot* s = k.lookup(*p.cnode, slot);
  return s && !s->cap.empty() ? s->cap.obj : nullptr;
}

Word type_at(Kernel& k, const Process& p, Word slot) {
  Slot* s = k.lookup(*p.cnode, slot);
  return s && !s->cap.empty() ? static_cast<Word>(s->cap.type()) : static_cast<Word>(ka::OBJ_NONE);
}

}  // namespace ipct
