#include "sim/host/scenario_lua/runner.h"

#include <chrono>
#include <fstream>
#include <ostream>
#include <sstream>

#include "sim/host/inspect/post_mortem.h"
#include "sim/host/scenario_lua/prelude.h"
#include "sim/host/scenario_lua/sandbox.h"
#include "sim/host/scenario_lua/world.h"

namespace sim::lua {

namespace {

constexpr std::size_t kTailLines = 12;

struct Once {
  ScenarioRun run;
  DecisionLog decisions;
};

std::string folder_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
}

Once run_once(const std::string& path, const std::string& source, const LuaRunOptions& o, bool keep) {
  Once out;
  // Declared before the world: they outlive its kernels.
  inspect::RunObserver observer;
  inspect::PostMortem post_mortem;
  World world(o.seed, o.explore, keep);
  if (o.post_mortem) {
    observer.add_listener(&post_mortem);
    world.on_kernel = [&observer](kmodel::Kernel& k, const std::string& m) { observer.attach(k, m); };
  }
  world.base_dir = folder_of(path);
  {
    Sandbox sb(SandboxOptions{.seed = o.seed, .instruction_budget = o.instruction_budget});
    sb.set_user(&world);
    World::register_primitives(sb.state());
    std::string error;
    static const std::string prelude = prelude_source();
    if (!sb.run(prelude, "prelude", error)) {
      out.run.status = Status::Error;
      out.run.message = "internal error in the scenario prelude: " + error;
    } else if (sb.run(source, path, error) || sb.stop_kind() == StopKind::Pass) {
      out.run.status = Status::Pass;
      auto crashed = world.crashed_threads();
      if (!crashed.empty()) {
        out.run.status = Status::Fail;
        out.run.message = path + ": simulated thread(s) crashed:";
        for (auto& n : crashed) out.run.message += " '" + n + "'";
      }
    } else {
      out.run.status = sb.stop_kind() == StopKind::Fail ? Status::Fail : Status::Error;
      out.run.message = error;
    }
  }
  if (out.run.status != Status::Pass) out.run.console_tail = world.console_tail(kTailLines);
  if (out.run.status != Status::Pass && o.post_mortem)
    out.run.post_mortem = post_mortem.report(
        world.sched(), {std::string("scenario ") + to_string(out.run.status) + ": " + out.run.message,
                        reproduce_command(path, o.seed)});
  observer.finish(world.sched().now());
  out.run.end_time = world.sched().now();
  out.run.decisions = world.sched().decisions().count();
  out.run.hash = world.sched().decisions().hash();
  out.decisions = world.sched().decisions();
  return out;
}

}  // namespace

const char* to_string(Status s) {
  switch (s) {
    case Status::Pass: return "PASS";
    case Status::Fail: return "FAIL";
    case Status::Error: return "ERROR";
  }
  return "?";
}

ScenarioRun run_scenario_file(const std::string& path, const LuaRunOptions& opts) {
  const auto t0 = std::chrono::steady_clock::now();
  auto wall = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ScenarioRun r;
    r.message = path + ": cannot read the scenario file";
    return r;
  }
  std::ostringstream text;
  text << in.rdbuf();  // one read, not a character at a time
  const std::string source = std::move(text).str();
  Once first = run_once(path, source, opts, opts.check_determinism);
  if (opts.check_determinism) {
    Once second = run_once(path, source, opts, true);
    auto at = DecisionLog::first_divergence(first.decisions, second.decisions);
    if (at || first.run.status != second.run.status || first.run.message != second.run.message) {
      std::ostringstream m;
      m << path << ": determinism check failed: ";
      if (at) {
        const auto& a = first.decisions.entries();
        const auto& b = second.decisions.entries();
        m << "the runs diverge at decision #" << *at << " (run 1: "
          << (*at < a.size() ? a[*at].describe() : std::string("no more decisions")) << "; run 2: "
          << (*at < b.size() ? b[*at].describe() : std::string("no more decisions")) << ")";
      } else {
        m << "run 1 ended " << to_string(first.run.status) << " (" << first.run.message << "), run 2 "
          << to_string(second.run.status) << " (" << second.run.message << ")";
      }
      first.run.status = Status::Fail;
      first.run.message = m.str();
    }
  }
  first.run.wall_seconds = wall();
  return first.run;
}

std::string reproduce_command(const std::string& path, std::uint64_t seed) {
  return "saltysim run " + path + " --seed " + std::to_string(seed);
}

void report(std::ostream& out, const std::string& path, std::uint64_t seed, const ScenarioRun& r) {
  out << to_string(r.status) << " " << path << " (seed " << seed;
  if (r.status == Status::Pass) {
    out << ", t=" << format_vtime(r.end_time) << ", " << r.decisions << " decisions, hash 0x" << std::hex << r.hash
        << std::dec << ")\n";
    return;
  }
  out << "): " << r.message << "\n";
  if (!r.console_tail.empty()) out << r.console_tail;
  if (!r.post_mortem.empty()) out << r.post_mortem;
  out << "  reproduce: " << reproduce_command(path, seed) << "\n";
}

}  // namespace sim::lua
