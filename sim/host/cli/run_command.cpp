#include "sim/host/cli/run_command.h"

#include <fstream>
#include <ostream>
#include <unordered_map>

#include "scenarios/builtin_scenarios.h"
#include "sim/host/cli/caps_command.h"
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
  std::unique_ptr<inspect::Inspection> inspection;  // --trace, --stats, caps, post-mortem: first run only
  std::string post_mortem;                          // the report, when the run failed
};

bool ended_well(RunResult result, std::size_t crashed, const RunOptions& opts) {
  if (crashed) return false;
  // Stopped: the run was ended on purpose (SHUTDOWN, a detached host console).
  return result == RunResult::Idle || result == RunResult::Stopped || (result == RunResult::TimeLimit && opts.until);
}

inspect::InspectOptions inspect_options(const RunOptions& o) {
  inspect::InspectOptions i = o.inspect;
  i.caps = i.caps || !o.caps_queries.empty();
  i.post_mortem = o.post_mortem;
  i.command = reproduce_command(o);
  return i;
}

std::string failure_of(RunResult r, std::size_t crashed) {
  std::string what = crashed ? std::to_string(crashed) + " thread(s) crashed" : std::string();
  if (r != RunResult::Idle && r != RunResult::Stopped && r != RunResult::TimeLimit)
    what += (what.empty() ? "" : ", ") + std::string(to_string(r));
  return what.empty() ? "the run did not end as expected (" + std::string(to_string(r)) + ")" : what;
}

Outcome run_once(const BuiltinScenario& sc, const RunOptions& o, bool keep, bool inspect = false) {
  Outcome out;
  if (inspect && inspect_options(o).any())
    out.inspection = std::make_unique<inspect::Inspection>(inspect_options(o));
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
  if (out.inspection && out.inspection->post_mortem() && !ended_well(out.result, out.crashed, o))
    out.post_mortem = out.inspection->post_mortem()->report(s, {failure_of(out.result, out.crashed), reproduce_command(o)});
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

bool ended_well(const Outcome& o, const RunOptions& opts) { return ended_well(o.result, o.crashed, opts); }

// The post-mortem on stderr and in --post-mortem FILE; the --caps-query answers.
int after_run(const Outcome& o, const RunOptions& opts, std::ostream& out, std::ostream& err) {
  int rc = 0;
  if (!o.post_mortem.empty()) {
    err << o.post_mortem;
    if (!opts.post_mortem_path.empty()) {
      std::ofstream f(opts.post_mortem_path, std::ios::binary);
      f << o.post_mortem;
      if (!f) err << "saltysim: --post-mortem: cannot write " << opts.post_mortem_path << "\n";
      else err << "saltysim: post-mortem report written to " << opts.post_mortem_path << "\n";
    }
  }
  const inspect::caps::Record* rec = o.inspection ? o.inspection->caps_record() : nullptr;
  for (const std::string& q : opts.caps_queries) {
    out << "saltysim: caps " << q << "\n";
    if (rec && caps_query(*rec, split_words(q), out, err) != 0) rc = 2;
  }
  return rc;
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
  int query_rc = after_run(first, opts, out, err);
  if (!opts.check_determinism) return !ended_well(first, opts) ? 1 : query_rc;

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

std::string reproduce_command(const RunOptions& o) {
  std::string c = "saltysim run " + o.scenario + " --seed " + std::to_string(o.seed);
  if (o.explore) c += " --explore";
  if (o.until) c += " --until " + std::to_string(*o.until) + "ns";
  if (o.realtime) c += " --realtime";
  if (o.lenient_vm) c += " --lenient-vm";
  return c;
}

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

  for (const std::string& q : opts.caps_queries)
    if (split_words(q).empty()) {
      err << "saltysim: --caps-query: empty query\n" << caps_query_help();
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
