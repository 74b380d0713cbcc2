#include "scenarios/builtin/runtime_demo.h"

#include <deque>
#include <memory>
#include <utility>

#include "sim/runtime/log/log.h"

namespace sim::scenarios {

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

}  // namespace

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

}  // namespace sim::scenarios
