// IPC cost in the kernel model, against what a user would compare it with,
// all measured in the same run:
// - a client Calls a server that answers with ReplyRecv (one-word
//   messages, direct hand-off both ways): ipc_round_trip_ns;
// - the scheduler's bare hand-off round trip, the floor the kernel's IPC
//   path sits on: handoff_round_trip_ns, ratio_vs_handoff;
// - the RPC a host program would use instead: two host threads over a
//   Unix-domain SOCK_SEQPACKET pair, one word each way:
//   unix_socket_rpc_round_trip_ns, ratio_vs_unix_socket;
// - the same Call with one capability transferred (the server checks it
//   arrived and deletes it each round, two more syscalls):
//   ipc_cap_transfer_round_trip_ns;
// - with 20 message registers both ways: ipc_20mr_round_trip_ns;
// - a notification signalled and waited for, each way:
//   notification_round_trip_ns.
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <thread>
#include <vector>

#include "bench/bench_common.h"
#include "kernel_model/ipc/ipc_buffer.h"
#include "kernel_model/kernel.h"

namespace {

namespace abi = kmodel::abi;
using kmodel::Word;
using Clock = std::chrono::steady_clock;

constexpr long kRounds = 300'000;
constexpr int kRepeats = 5;
constexpr Word kEp = 200, kNotifA = 201, kNotifB = 202, kGift = 203, kReceived = 300;
constexpr Word kServerIpcBuffer = 0x0021'0000;

// A root task with an endpoint and two notifications, a second thread in it
// running `server`, and `client` timed over kRounds iterations (after one
// untimed warm-up) — ns per iteration.
double timed(const std::function<void(kmodel::Kernel&)>& server, const std::function<void(kmodel::Kernel&, long)>& client) {
  sim::Scheduler sched;
  kmodel::Kernel k(sched);
  Clock::time_point t0, t1;
  auto init = k.create_root_task([&] {
    for (Word slot : {kEp, kNotifA, kNotifB, kGift}) {
      const Word type = slot == kEp ? abi::OBJ_ENDPOINT : abi::OBJ_NOTIFICATION;
      k.syscall(abi::SYS_INVOKE, abi::INIT_SLOT_UNTYPED_BASE, abi::UNTYPED_RETYPE, type, 0, slot);
    }
    kmodel::Tcb* self = k.current();
    k.create_thread(kmodel::Process{self->cspace, self->vspace, self}, [&] { server(k); },
                    kmodel::ThreadOptions{.name = "server", .ipc_buffer_va = kServerIpcBuffer});
    client(k, -1);  // warm up: the server now waits where the loop expects it
    t0 = Clock::now();
    for (long i = 0; i < kRounds; ++i) client(k, i);
    t1 = Clock::now();
  });
  (void)init;
  sched.run();
  return std::chrono::duration<double, std::nano>(t1 - t0).count() / kRounds;
}

double ipc_round_trip_ns() {
  return timed(
      [](kmodel::Kernel& k) {
        k.syscall(abi::SYS_RECV, kEp);
        for (;;) k.syscall(abi::SYS_REPLY_RECV, kEp, 1, k.ipc_buffer()->mr(0) + 1);
      },
      [](kmodel::Kernel& k, long i) { k.syscall(abi::SYS_CALL, kEp, 1, static_cast<Word>(i)); });
}

double ipc_cap_transfer_round_trip_ns() {
  return timed(
      [](kmodel::Kernel& k) {
        auto* b = k.ipc_buffer();
        b->receive_cnode = 0, b->receive_index = kReceived, b->receive_depth = 0;  // own root, flat
        k.syscall(abi::SYS_RECV, kEp);
        for (;;) {
          // The cap must have arrived (an empty slot would mean no transfer was measured).
          if (k.syscall(abi::SYS_INVOKE, abi::SLOT_CNODE, abi::CNODE_MOVE, kReceived + 1, abi::SLOT_CNODE, kReceived)
                  .error != abi::OK) {
            std::fprintf(stderr, "bench_ipc: the capability did not arrive\n");
            std::exit(1);
          }
          k.syscall(abi::SYS_INVOKE, abi::SLOT_CNODE, abi::CNODE_DELETE, kReceived + 1);
          k.syscall(abi::SYS_REPLY_RECV, kEp, 1, 0);
        }
      },
      [](kmodel::Kernel& k, long i) {
        k.ipc_buffer()->caps[0] = kGift;
        k.syscall(abi::SYS_CALL, kEp, kmodel::MsgInfo::encode(0, 1, 1), static_cast<Word>(i));
      });
}

double ipc_20mr_round_trip_ns() {
  constexpr Word k20 = 20;
  return timed(
      [](kmodel::Kernel& k) {
        k.syscall(abi::SYS_RECV, kEp);
        for (;;) {
          auto* b = k.ipc_buffer();
          for (Word m = abi::kRegisterMrs; m < k20; ++m) b->msg[abi::kIpcSendMr4 + m - abi::kRegisterMrs] = m;
          k.syscall(abi::SYS_REPLY_RECV, kEp, kmodel::MsgInfo::encode(0, k20), b->mr(0), b->mr(1), b->mr(2), b->mr(3));
        }
      },
      [](kmodel::Kernel& k, long i) {
        auto* b = k.ipc_buffer();
        for (Word m = abi::kRegisterMrs; m < k20; ++m) b->msg[abi::kIpcSendMr4 + m - abi::kRegisterMrs] = m + 100;
        k.syscall(abi::SYS_CALL, kEp, kmodel::MsgInfo::encode(0, k20), static_cast<Word>(i), 1, 2, 3);
      });
}

double notification_round_trip_ns() {
  return timed(
      [](kmodel::Kernel& k) {
        for (;;) {
          k.syscall(abi::SYS_WAIT, kNotifA);
          k.syscall(abi::SYS_SIGNAL, kNotifB, 1);
        }
      },
      [](kmodel::Kernel& k, long) {
        k.syscall(abi::SYS_SIGNAL, kNotifA, 1);
        k.syscall(abi::SYS_WAIT, kNotifB);
      });
}

// Two host threads, one word each way over a SOCK_SEQPACKET pair.
double unix_socket_rpc_round_trip_ns() {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) != 0) return -1;
  std::thread server([fd = sv[1]] {
    std::uint64_t w = 0;
    while (read(fd, &w, sizeof w) == static_cast<ssize_t>(sizeof w)) {
      ++w;
      if (write(fd, &w, sizeof w) != static_cast<ssize_t>(sizeof w)) break;
    }
  });
  const long rounds = kRounds / 10;  // a host round trip is far slower; fewer are enough
  std::uint64_t w = 0;
  Clock::time_point t0 = Clock::now();
  for (long i = 0; i < rounds; ++i) {
    if (write(sv[0], &w, sizeof w) != static_cast<ssize_t>(sizeof w)) break;
    if (read(sv[0], &w, sizeof w) != static_cast<ssize_t>(sizeof w)) break;
  }
  Clock::time_point t1 = Clock::now();
  close(sv[0]);  // the server's read ends
  server.join();
  close(sv[1]);
  return std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(rounds);
}

}  // namespace

int main() {
  std::vector<double> ipc, handoff, unix_rpc, cap, mr20, notif;
  for (int r = 0; r < kRepeats; ++r) {
    ipc.push_back(ipc_round_trip_ns());
    handoff.push_back(bench::handoff_round_trip_ns(kRounds));
    unix_rpc.push_back(unix_socket_rpc_round_trip_ns());
    cap.push_back(ipc_cap_transfer_round_trip_ns());
    mr20.push_back(ipc_20mr_round_trip_ns());
    notif.push_back(notification_round_trip_ns());
  }
  const double i = bench::median(ipc), h = bench::median(handoff), u = bench::median(unix_rpc);
  std::printf("ipc_round_trip_ns = %.1f\n", i);
  std::printf("handoff_round_trip_ns = %.1f\n", h);
  std::printf("ratio_vs_handoff = %.2f\n", i / h);
  std::printf("unix_socket_rpc_round_trip_ns = %.1f\n", u);
  std::printf("ratio_vs_unix_socket = %.4f\n", i / u);
  std::printf("ipc_cap_transfer_round_trip_ns = %.1f\n", bench::median(cap));
  std::printf("ipc_20mr_round_trip_ns = %.1f\n", bench::median(mr20));
  std::printf("notification_round_trip_ns = %.1f\n", bench::median(notif));
  return 0;
}
