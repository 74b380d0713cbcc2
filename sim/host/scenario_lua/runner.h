// Running one Lua scenario file once (or twice, comparing every decision)
// and reporting how it ended.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "sim/runtime/time/virtual_clock.h"

namespace sim::lua {

struct LuaRunOptions {
  std::uint64_t seed = 1;
  bool explore = false;
  bool check_determinism = false;
  std::uint64_t instruction_budget = 100'000'000;
  bool post_mortem = true;  // keep per-thread IPC rings; report on FAIL/ERROR
};

enum class Status : std::uint8_t { Pass, Fail, Error };
const char* to_string(Status s);

struct ScenarioRun {
  Status status = Status::Error;
  std::string message;       // "file:line: what happened" (empty on PASS)
  std::string console_tail;  // the consoles' last lines (not on PASS)
  std::string post_mortem;   // the post-mortem report (sim/host/inspect/post_mortem.h; not on PASS)
  VTime end_time = 0;
  std::uint64_t decisions = 0;
  std::uint64_t hash = 0;
  double wall_seconds = 0;
};

ScenarioRun run_scenario_file(const std::string& path, const LuaRunOptions& opts);

// The command that reproduces a run.
std::string reproduce_command(const std::string& path, std::uint64_t seed);

// "PASS path (seed N, ...)" or "FAIL path (seed N): message" + the console
// tail + the reproduction command.
void report(std::ostream& out, const std::string& path, std::uint64_t seed, const ScenarioRun& r);

}  // namespace sim::lua
