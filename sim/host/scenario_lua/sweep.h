// `saltysim run FILE.lua|DIR [--seed N | --seeds A-B] [--jobs N]
// [--junit FILE] [--shard I/N] [--check-determinism]`: the scenario files
// times the seeds, this shard's part of them, run in this process (one
// run) or in parallel host processes (fork/exec of saltysim itself, one
// run each; the simulator stays single-threaded), reported on the terminal
// and as JUnit.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace sim::lua {

struct ScriptOptions {
  std::string target;           // a .lua file or a folder of them
  std::uint64_t seed = 1;       // without --seeds
  std::string seeds;            // "1-1000", "3,7,9" or "1-10,20"
  unsigned jobs = 1;
  std::string junit;            // "" none; "{shard}" is replaced by "I-of-N" (else inserted before .xml when sharded)
  std::string shard;            // "I/N"
  std::optional<unsigned> shard_count;  // total for JOB_COMPLETION_INDEX (or SALTYSIM_SHARD_COUNT)
  bool explore = false;
  bool check_determinism = false;
  bool progress = true;         // a progress bar when stderr is a terminal
  std::uint64_t instruction_budget = 100'000'000;
  std::string log_spec;
  int result_fd = -1;           // worker mode: one run, its result as one line on this fd
};

// True when `target` names a Lua scenario (a .lua file) or a folder.
bool is_script_target(const std::string& target);

// Exit status: 0 every run passed, 1 some failed, 2 bad arguments.
int run_scripts(const ScriptOptions& o, std::ostream& out, std::ostream& err);

// Scenario files (*.lua) in a folder, sorted; the first comment line of
// each is its summary.
struct ScenarioFile {
  std::string path, summary;
};
std::vector<ScenarioFile> scenario_files(const std::string& folder);
// The shipped scenarios/ folder (the source tree's), or "./scenarios".
std::string shipped_scenario_dir();

// Parses "1-1000", "3,7,9", "1-10,20" (empty: nullopt).
std::optional<std::vector<std::uint64_t>> parse_seed_list(const std::string& text);

struct Shard {
  unsigned index = 0, count = 1;
};
// From --shard I/N, else GTEST_SHARD_INDEX + GTEST_TOTAL_SHARDS, else
// JOB_COMPLETION_INDEX + (shard_count or SALTYSIM_SHARD_COUNT); error set
// on a malformed or inconsistent value.
std::optional<Shard> resolve_shard(const std::string& flag, std::optional<unsigned> shard_count, std::string& error);

}  // namespace sim::lua
