// saltysim — the command line.
#include <CLI/CLI.hpp>

#include <iostream>

#include "scenarios/builtin_scenarios.h"
#include "sim/host/cli/duration.h"
#include "sim/host/cli/run_command.h"
#include "sim/host/cli/trace_options.h"

int main(int argc, char** argv) {
  CLI::App app{"saltysim — a whole capability-microkernel OS simulated in one Linux process"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "saltysim 0.1");

  sim::RunOptions opts;
  std::string until_text;
  auto* run = app.add_subcommand("run", "Run a scenario (default: the simulated system as far as it exists)");
  run->add_option("SCENARIO", opts.scenario, "Scenario to run (built-in name; see `saltysim list`)");
  run->add_option("--seed", opts.seed, "Seed deciding every choice of the run")->capture_default_str();
  run->add_option("--log", opts.log_spec, "Log levels: LEVEL and/or COMPONENT=LEVEL, comma-separated (e.g. vfs=debug,blk=trace)");
  run->add_flag("--realtime", opts.realtime, "Pace virtual time to the wall clock and serve host I/O");
  run->add_flag("--explore", opts.explore, "Let the seed perturb the order of equally urgent threads");
  run->add_flag("--check-determinism", opts.check_determinism, "Run twice and fail on the first differing decision");
  run->add_option("--until", until_text, "Stop at this virtual time (e.g. 500ms, 10s)");
  sim::add_inspect_options(*run, opts.inspect);

  auto* list = app.add_subcommand("list", "List the built-in scenarios");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  if (*list) {
    for (auto& s : sim::builtin_scenarios()) std::cout << s.name << "\t" << s.summary << "\n";
    return 0;
  }
  if (!until_text.empty()) {
    opts.until = sim::parse_duration(until_text);
    if (!opts.until) {
      std::cerr << "saltysim: --until: '" << until_text << "' is not a duration (use e.g. 250ms, 10s, 1500us)\n";
      return 2;
    }
  }
  return sim::run_command(opts, std::cout, std::cerr);
}
