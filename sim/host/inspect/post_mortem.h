// PostMortem: keeps the last few IPC events of every simulated thread (a
// small ring per TCB, fed by the kernel event hook) and, when a run fails
// (deadlock, crashed thread, failed scenario), writes the report: for each
// involved thread its state and what it waits on, its last IPCs with label
// names, the caps in its CSpace, then the scheduler's wait-for chains and
// the command that reproduces the run. Read-only, like every observer here.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "kernel_model/kernel_context.h"
#include "sim/host/inspect/run_observer.h"

namespace sim {
class Scheduler;
class Thread;
}  // namespace sim

namespace sim::inspect {

class PostMortem : public EventListener {
 public:
  static constexpr std::size_t kRing = 8;  // IPC events kept per thread

  void machine_attached(kmodel::Kernel& k, int machine, const std::string& name) override;
  void kernel_event(kmodel::Kernel& k, int machine, const kmodel::KernelEvent& e) override;

  struct Failure {
    std::string what;       // "deadlock", "thread(s) crashed", "scenario FAIL: ..."
    std::string reproduce;  // the command line that reruns the run exactly
  };
  // The report; call while the kernels and the scheduler still live.
  std::string report(const Scheduler& s, const Failure& f) const;

  // Described IPC events of one thread, oldest first (for tests and the report).
  std::vector<std::string> recent(int machine, Word tcb) const;

 private:
  struct Entry {
    kmodel::KernelEvent e;
    bool actor = true;  // the ring's thread did it (else it was the peer)
  };
  struct Ring {
    std::array<Entry, kRing> at{};
    std::uint32_t n = 0;  // events seen (the last kRing are kept)
  };
  struct Machine {
    kmodel::Kernel* kernel = nullptr;
    std::string name;
    std::unordered_map<Word, Ring> rings;          // TCB id -> its recent IPC events
    std::unordered_map<Word, Word> server_of;      // endpoint id -> TCB id that last received on it
  };
  struct Where {
    int machine = -1;
    Word tcb = 0;
  };
  void push(Machine& m, int machine, Word tcb, const kmodel::KernelEvent& e, bool actor);
  std::string describe(const Machine& m, const Entry& x) const;
  std::string thread_name(const Machine& m, Word tcb) const;
  Where where_of(const Thread& t) const;
  void thread_section(std::string& out, const Thread* t, Where w,
                      std::vector<std::vector<std::uintptr_t>>& stacks) const;
  static void fill_backtraces(std::string& out, const std::vector<std::vector<std::uintptr_t>>& stacks);

  std::deque<Machine> machines_;
  std::unordered_map<std::uint64_t, Where> by_thread_;  // sim::Thread id -> its TCB (learned when it acts)
  std::array<Where, 4> last_actors_{};                  // the most recent distinct actors
};

}  // namespace sim::inspect
