// IPC cost in the kernel model: a client Calls a server that answers with
// ReplyRecv (one-word messages, direct hand-off both ways), against the
// scheduler's bare hand-off round trip measured in the same run (the floor
// the kernel's IPC path sits on).
//
// Prints: ipc_round_trip_ns, handoff_round_trip_ns, ratio_vs_handoff.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "bench/bench_common.h"
#include "kernel_model/kernel.h"

namespace {

namespace abi = kmodel::abi;
using kmodel::Word;
using Clock = std::chrono::steady_clock;

constexpr long kRounds = 300'000;
constexpr int kRepeats = 5;
constexpr Word kEp = 200;

double ipc_round_trip_ns() {
  sim::Scheduler sched;
  kmodel::Kernel k(sched);
  Clock::time_point t0, t1;
  auto init = k.create_root_task([&] {
    k.syscall(abi::SYS_INVOKE, abi::INIT_SLOT_UNTYPED_BASE, abi::UNTYPED_RETYPE, abi::OBJ_ENDPOINT, 0, kEp);
    kmodel::Tcb* self = k.current();
    k.create_thread(kmodel::Process{self->cspace, self->vspace, self},
                    [&] {
                      k.syscall(abi::SYS_RECV, kEp);
                      for (;;) k.syscall(abi::SYS_REPLY_RECV, kEp, 1, k.ipc_buffer()->mr(0) + 1);
                    },
                    kmodel::ThreadOptions{.name = "server", .ipc_buffer_va = 0x0021'0000});
    k.syscall(abi::SYS_CALL, kEp, 1, 0);  // warm up: the server is now in ReplyRecv
    t0 = Clock::now();
    for (long i = 0; i < kRounds; ++i) k.syscall(abi::SYS_CALL, kEp, 1, static_cast<Word>(i));
    t1 = Clock::now();
  });
  (void)init;
  sched.run();
  return std::chrono::duration<double, std::nano>(t1 - t0).count() / kRounds;
}



}  // namespace

int main() {
  std::vector<double> ipc, handoff;
  for (int r = 0; r < kRepeats; ++r) {
    ipc.push_back(ipc_round_trip_ns());
    handoff.push_back(bench::handoff_round_trip_ns(kRounds));
  }
  double i = bench::median(ipc), h = bench::median(handoff);
  std::printf("ipc_round_trip_ns = %.1f\n", i);
  std::printf("handoff_round_trip_ns = %.1f\n", h);
  std::printf("ratio_vs_handoff = %.2f\n", i / h);
  return 0;
}
