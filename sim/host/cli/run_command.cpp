#include "sim/host/cli/run_command.h"

#include <ostream>
#include <unordered_map>

#include "scenarios/builtin_scenarios.h"
#include "sim/runtime/log/log.h"
#include "sim/runtime/realtime/realtime_pacer.h"
#include "sim/runtime/sched/scheduler.h"

namespace sim {

namespace {

struct Outcome {
  RunResult result = RunResult::Idle;
  VTime end_time = 0;
  std::size_t crashed = 0;
  DecisionLog decisions;
  std::unordered_map<std::uint64_t, std::string> thread_names;
  std::unique_ptr<inspect::Inspection> inspection;  // --trace, --stats: first run only
};

Outcome run_once(const BuiltinScenario& sc, const RunOptions& o, bool keep, bool inspect = false) {
  Outcome out;
  if (inspect && o.inspect.any()) out.inspection = std::make_unique<inspect::Inspection>(o.inspect);
  // The pacer outlives the scheduler: scenario objects owned by threads
  // (a host terminal on the pacer's io_context) go with the scheduler.
  std::optional<RealtimePacer> pacer;
  if (o.realtime) pacer.emplace();
  // Threads end before what the scenario owns goes, which goes before the
  // scheduler (see ScenarioContext::owned).
  struct World {
    Scheduler s;
    std::vector<std::shared_ptr<void>> owned;
    ~World() {
      s.kill_all();
      owned.clear();
    }
  } world{Scheduler(SchedulerOptions{.seed = o.seed, .explore = o.explore, .keep_decisions = keep}), {}};
  Scheduler& s = world.s;
  if (pacer) s.set_realtime(&*pacer);
  if (out.inspection) out.inspection->watch(s);
  sc.setup(ScenarioContext{.sched = s, .pacer = pacer ? &*pacer : nullptr, .seed = o.seed, .owned = &world.owned,
                           .on_kernel = out.inspection ? out.inspection->on_kernel() : nullptr,
                           .lenient_vm = o.lenient_vm});
  out.result = s.run(RunLimits{.until = o.until, .max_decisions_at_one_instant = 50'000'000});
  out.end_time = s.now();
  if (out.inspection) out.inspection->finish(out.end_time);
  for (auto& t : s.threads()) {
    if (!t) continue;
    out.thread_names[t->id()] = t->name();
    if (t->state() == ThreadState::Crashed) ++out.crashed;
  }
  out.decisions = s.decisions();
  return out;
}

std::string describe(const Decision& d, const Outcome& o) {
  std::string s = d.describe();
  if (d.kind == DecisionKind::Dispatch || d.kind == DecisionKind::Handoff) {
    auto it = o.thread_names.find(d.subject);
    if (it != o.thread_names.end()) s += " '" + it->second + "'";
  }
  return s;
}

bool ended_well(const Outcome& o, const RunOptions& opts) {
  if (o.crashed) return false;
  // Stopped: the run was ended on purpose (SHUTDOWN, a detached host console).
  return o.result == RunResult::Idle || o.result == RunResult::Stopped ||
         (o.result == RunResult::TimeLimit && opts.until);
}

void summarize(std::ostream& out, const RunOptions& opts, const Outcome& o) {
  out << "saltysim: scenario '" << opts.scenario << "' ended: " << to_string(o.result) << " at t="
      << format_vtime(o.end_time) << " (seed " << opts.seed << ", " << o.decisions.count()
      << " decisions, hash 0x" << std::hex << o.decisions.hash() << std::dec << ")";
  if (o.crashed) out << ", " << o.crashed << " thread(s) crashed";
  out << "\n";
}

int run_and_report(const BuiltinScenario& sc, const RunOptions& opts, std::ostream& out, std::ostream& err) {
  Outcome first = run_once(sc, opts, opts.check_determinism, true);
  summarize(out, opts, first);
  if (first.inspection) first.inspection->report(out, err);
  if (!opts.check_determinism) return ended_well(first, opts) ? 0 : 1;

  Outcome second = run_once(sc, opts, true);
  auto at = DecisionLog::first_divergence(first.decisions, second.decisions);
  if (!at) {
    out << "saltysim: determinism check passed: two runs made the same " << first.decisions.count()
        << " decisions (hash 0x" << std::hex << first.decisions.hash() << std::dec << ")\n";
    return ended_well(first, opts) ? 0 : 1;
  }
  const auto& a = first.decisions.entries();
  const auto& b = second.decisions.entries();
  err << "saltysim: determinism check FAILED: runs diverge at decision #" << *at << "\n";
  err << "  run 1: " << (*at < a.size() ? describe(a[*at], first) : std::string("(no more decisions)")) << "\n";
  err << "  run 2: " << (*at < b.size() ? describe(b[*at], second) : std::string("(no more decisions)")) << "\n";
  if (first.decisions.truncated()) err << "  (decision log was truncated; divergence may be later than shown)\n";
  return 1;
}

}  // namespace

int run_command(const RunOptions& opts, std::ostream& out, std::ostream& err) {
  const BuiltinScenario* sc = find_builtin_scenario(opts.scenario);
  if (!sc) {
    err << "saltysim: unknown scenario '" << opts.scenario << "'. ";
    err << "Scenario files need the scenario language, which is not built yet. Built-in scenarios:\n";
    for (auto& b : builtin_scenarios()) err << "  " << b.name << "  — " << b.summary << "\n";
    return 2;
  }
  try {
    if (!opts.log_spec.empty()) log::configure(opts.log_spec);
  } catch (const std::invalid_argument& e) {
    err << "saltysim: --log: " << e.what() << "\n";
    return 2;
  }
  if (opts.check_determinism && opts.realtime) {
    err << "saltysim: --check-determinism cannot be combined with --realtime (wall-clock pacing is not reproducible)\n";
    return 2;
  }

  try {
    return run_and_report(*sc, opts, out, err);
  } catch (const std::exception& e) {
    // Set-up failures (e.g. a host terminal that cannot be read).
    err << "saltysim: scenario '" << opts.scenario << "' failed: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace sim
