// A small simulation left with threads in several states, for the gdb
// script test: `checkpoint()` is where the test stops it (live) or dumps a
// core file.
#include "sim/runtime/sched/scheduler.h"

namespace {

struct Mailbox final : sim::WaitTarget {
  explicit Mailbox(std::uint64_t id) : WaitTarget("mailbox", id) {}
};

[[gnu::noinline]] void wait_for_mail(sim::Scheduler& s, Mailbox& box) {
  s.block(&box, sim::WaitKind::Idle);
}

[[gnu::noinline]] void server_loop(sim::Scheduler& s, Mailbox& box) {
  for (;;) wait_for_mail(s, box);
}

}  // namespace

extern "C" [[gnu::noinline]] void saltysim_gdb_demo_checkpoint() { asm volatile("" ::: "memory"); }

int main() {
  sim::Scheduler s;
  Mailbox inbox(7);
  s.spawn("mail-server", [&] { server_loop(s, inbox); });
  s.spawn("sleeper", [&] { s.sleep_for(sim::kSec); });
  s.spawn("finisher", [] {});
  s.run(sim::RunLimits{.until = sim::kMs, .max_decisions_at_one_instant = 1000});
  saltysim_gdb_demo_checkpoint();
  return 0;
}
