// saltysim — the command line.
#include <CLI/CLI.hpp>

#include <iostream>

#include "scenarios/builtin_scenarios.h"
#include "sim/host/cli/caps_command.h"
#include "sim/host/cli/duration.h"
#include "sim/host/cli/run_command.h"
#include "sim/host/cli/saltyfs_commands.h"
#include "sim/host/cli/trace_options.h"
#include "sim/host/scenario_lua/junit.h"
#include "sim/host/scenario_lua/sweep.h"

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
  run->add_flag("--lenient-vm", opts.lenient_vm,
                "Kernel: old VSpace rules (a frame cap maps at several addresses; deleting it keeps its mappings)");
  run->add_option("--until", until_text, "Stop at this virtual time (e.g. 500ms, 10s)");
  sim::add_inspect_options(*run, opts.inspect);
  sim::add_failure_options(*run, opts);
  // Lua scenario files (sim/host/scenario_lua, scenarios/README.md).
  sim::lua::ScriptOptions lua_opts;
  run->add_option("--seeds", lua_opts.seeds, "Lua scenarios: run every seed of a list (1-1000, 3,7,9)");
  run->add_option("--jobs,-j", lua_opts.jobs, "Lua scenarios: parallel host processes for a sweep")->capture_default_str();
  run->add_option("--junit", lua_opts.junit, "Lua scenarios: write JUnit XML here ({shard} = this shard)");
  run->add_option("--shard", lua_opts.shard, "Lua scenarios: run shard I of N (I/N; also GTEST_SHARD_INDEX/"
                                            "GTEST_TOTAL_SHARDS, JOB_COMPLETION_INDEX)");
  run->add_option("--shard-count", lua_opts.shard_count, "Lua scenarios: number of shards for JOB_COMPLETION_INDEX");
  run->add_option("--lua-budget", lua_opts.instruction_budget, "Lua scenarios: instruction budget of a run")
      ->capture_default_str();
  run->add_flag("--no-progress", [&](std::int64_t) { lua_opts.progress = false; }, "Lua scenarios: no progress bar");
  run->add_option("--result-fd", lua_opts.result_fd, "(internal) sweep worker: write the result to this fd")
      ->group("");

  std::string caps_file;
  std::vector<std::string> caps_args;
  auto* caps = app.add_subcommand("caps", "Capability-flow queries on a record saved with `run --caps-record FILE`: "
                                          "saltysim caps FILE QUERY... (reach, origin, held, diff)");
  caps->add_option("FILE", caps_file, "The record (saltysim run ... --caps-record FILE)")->required();
  caps->prefix_command();  // everything after FILE is the query (caps_command.h)
  caps->footer(sim::caps_query_help());

  auto* list = app.add_subcommand("list", "List the built-in scenarios and the scenario files in scenarios/");
  std::vector<std::string> merge_args;
  auto* merge = app.add_subcommand("merge-junit", "Join JUnit files (shards) into one: merge-junit OUT IN...");
  merge->add_option("FILES", merge_args, "OUT then every IN")->required()->expected(2, -1);

  sim::SaltyfsCommands& saltyfs = sim::add_saltyfs_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  if (std::optional<int> rc = sim::run_saltyfs_commands(saltyfs)) return *rc;
  if (*list) {
    std::cout << "built-in (C++):\n";
    for (auto& s : sim::builtin_scenarios()) std::cout << "  " << s.name << "\t" << s.summary << "\n";
    const std::string dir = sim::lua::shipped_scenario_dir();
    std::cout << "scenario files (" << dir << "; saltysim run FILE):\n";
    for (auto& f : sim::lua::scenario_files(dir)) std::cout << "  " << f.path << "\t" << f.summary << "\n";
    return 0;
  }
  if (*caps) {
    caps_args = caps->remaining();  // QUERY and its options, for the query parser
    return sim::caps_command(caps_file, caps_args, std::cout, std::cerr);
  }
  if (*merge) {
    std::vector<std::string> inputs(merge_args.begin() + 1, merge_args.end());
    return sim::lua::merge_junit(merge_args[0], inputs, std::cout, std::cerr);
  }
  if (!until_text.empty()) {
    opts.until = sim::parse_duration(until_text);
    if (!opts.until) {
      std::cerr << "saltysim: --until: '" << until_text << "' is not a duration (use e.g. 250ms, 10s, 1500us)\n";
      return 2;
    }
  }
  if (sim::lua::is_script_target(opts.scenario)) {
    if (opts.realtime || opts.until || opts.inspect.any()) {
      std::cerr << "saltysim: --realtime, --until and the trace/stats options are for built-in scenarios; a Lua "
                   "scenario decides its own time (advance, expect)\n";
      return 2;
    }
    if (!opts.caps_queries.empty() || !opts.post_mortem_path.empty()) {
      std::cerr << "saltysim: --caps-query and --post-mortem FILE are for built-in scenarios; a failing Lua scenario "
                   "prints its post-mortem with its FAIL report\n";
      return 2;
    }
    lua_opts.target = opts.scenario;
    lua_opts.seed = opts.seed;
    lua_opts.explore = opts.explore;
    lua_opts.check_determinism = opts.check_determinism;
    lua_opts.log_spec = opts.log_spec;
    return sim::lua::run_scripts(lua_opts, std::cout, std::cerr);
  }
  return sim::run_command(opts, std::cout, std::cerr);
}
