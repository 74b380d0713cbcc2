#include "sim/cli/builtin_scenarios.h"

#include <deque>
#include <memory>

#include "sim/cli/scenarios/boot.h"
#include "sim/cli/scenarios/machine_demo.h"
#include "sim/cli/scenarios/serial_echo.h"
#include "sim/log/log.h"

namespace sim {

namespace {

// A bounded channel between simulated threads, used by the runtime demo.
class Channel final : public WaitTarget {
 public:
  Channel(Scheduler& s, std::uint64_t id) : WaitTarget("channel", id), s_(s) {}
  void send(int v) {
    items_.push_back(v);
    if (receiver_) s_.wake(*std::exchange(receiver_, nullptr));
  }
  int receive() {
    while (items_.empty()) {
      receiver_ = s_.current();
      s_.block(this, WaitKind::Idle);
    }
    int v = items_.front();
    items_.pop_front();
    return v;
  }

 private:
  Scheduler& s_;
  std::deque<int> items_;
  Thread* receiver_ = nullptr;
};

// The runtime on its own: a timer-driven producer, a pipeline of workers
// with different deadlines, and a sink that reports; everything in virtual
// time, logged with timestamps and thread names.
void runtime_demo(const ScenarioContext& ctx) {
  Scheduler& s = ctx.sched;
  auto log = log::get("demo");
  auto stage1 = std::make_shared<Channel>(s, 1);
  auto stage2 = std::make_shared<Channel>(s, 2);
  log->info("saltysim runtime demo (seed {}): the kernel model and servers are not built yet",
            s.seeds().seed());
  s.spawn("producer", [&s, log, stage1] {
    for (int i = 1; i <= 5; ++i) {
      s.sleep_for(10 * kMs);
      log->info("tick {}: produced {}", i, i * i);
      stage1->send(i * i);
    }
    stage1->send(-1);
  }, 50);
  s.spawn("doubler", [&s, log, stage1, stage2] {
    for (;;) {
      int v = stage1->receive();
      if (v < 0) break;
      s.charge(2 * kMs);  // pretend work: 2 ms of virtual CPU
      stage2->send(v * 2);
    }
    stage2->send(-1);
  }, 20);
  s.spawn("sink", [&s, log, stage2] {
    int total = 0;
    for (;;) {
      int v = stage2->receive();
      if (v < 0) break;
      total += v;
      log->info("received {} (running total {})", v, total);
    }
    log->info("pipeline finished at t={} with total {}", format_vtime(s.now()), total);
  }, 10);
}

// Deliberately breaks the rule that simulated code must not depend on
// anything but the seed: the second run in one process takes another path.
// Exists to prove that --check-determinism catches and locates divergence.
void nondeterministic_selftest(const ScenarioContext& ctx) {
  Scheduler& s = ctx.sched;
  static int runs = 0;
  int run = ++runs;
  s.spawn("steady", [&s] {
    for (int i = 0; i < 3; ++i) s.sleep_for(kMs);
  });
  s.spawn("fickle", [&s, run] {
    s.sleep_for(2 * kMs);
    if (run % 2 == 0) s.yield();  // an extra decision on even runs
    s.sleep_for(kMs);
  });
}

}  // namespace

const std::vector<BuiltinScenario>& builtin_scenarios() {
  static const std::vector<BuiltinScenario> list = {
      {"default", "the simulated OS boots: init reads its initrd and starts procmgr, namesrv, rsrcsrv, hello",
       scenarios::boot},
      {"boot", "the simulated OS boots: init reads its initrd and starts procmgr, namesrv, rsrcsrv, hello",
       scenarios::boot},
      {"machine-demo", "a PC with COM1, disk and initrd; the kernel model; a root task serving IPC",
       scenarios::machine_demo},
      {"runtime-demo", "timer-driven pipeline of simulated threads on the runtime alone", runtime_demo},
      {"selftest-nondeterminism", "deliberately nondeterministic: proves --check-determinism finds divergence",
       nondeterministic_selftest},
      {"serial-echo",
       "a machine's COM1 driven by a simulated echo driver; with --realtime it is the host terminal",
       serial_echo},
  };
  return list;
}

const BuiltinScenario* find_builtin_scenario(const std::string& name) {
  for (auto& s : builtin_scenarios())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace sim
