// The Lua scenario runner's cost: the boot-to-prompt scenario
// (scenarios/boot-to-prompt.lua: boot, log in as root on COM1, one
// command) run through the runner on one core, and the same boot and
// typing driven from C++ (the default boot and a console session with
// the same steps, stopped at the last prompt).
//
//   boot_scenario_runs_per_second = X   (goal >= 200)
//   lua_overhead_ratio = Y              (Lua wall time / C++ wall time, goal <= 1.1)
//
// Release preset: build/release/bench/bench_scenarios [scenarios/boot-to-prompt.lua]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_common.h"
#include "bench/boot_session.h"
#include "sim/host/scenario_lua/runner.h"
#include "sim/runtime/log/log.h"

namespace {

double lua_boot(const std::string& path) {
  const auto t0 = bench::Clock::now();
  auto r = sim::lua::run_scenario_file(path, sim::lua::LuaRunOptions{});
  const double s = std::chrono::duration<double>(bench::Clock::now() - t0).count();
  if (r.status != sim::lua::Status::Pass) {
    std::fprintf(stderr, "bench_scenarios: %s did not pass: %s\n", path.c_str(), r.message.c_str());
    std::exit(1);
  }
  return s;
}

// The same boot to a prompt driven from C++: the default boot, and a
// typist at COM1 with the steps of scenarios/boot-to-prompt.lua.
double cxx_boot() {
  const auto t0 = bench::Clock::now();
  if (!bench::boot_and_type(1, {{"saltysim login: ", "root\r"},
                                {"Password: ", "root\r"},
                                {"# ", "pwd; id -un\r"},
                                {"/root\r\nroot\r\n# ", ""}})) {
    std::fprintf(stderr, "bench_scenarios: the C++ boot did not reach the prompt\n");
    std::exit(1);
  }
  return std::chrono::duration<double>(bench::Clock::now() - t0).count();
}

// The run time that `q` of the runs did not exceed.
double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : std::string(SALTYSIM_SOURCE_DIR) + "/scenarios/boot-to-prompt.lua";
  sim::log::configure("warn");  // both sides: the boot's info lines would dominate
  for (int i = 0; i < 10; ++i) lua_boot(path), cxx_boot();
  // One Lua run, then one C++ run, many times: both sides see the same
  // load from the machine's other processes. That load only ever adds
  // wall time, so each side's figure is a low percentile of its runs (the
  // 10th: steadier than the single fastest run, and free of the
  // preempted ones that move a mean).
  constexpr int kPairs = 500;
  std::vector<double> lua, cxx;
  for (int i = 0; i < kPairs; ++i) {
    lua.push_back(lua_boot(path));
    cxx.push_back(cxx_boot());
  }
  const double lua_s = quantile(lua, 0.1), cxx_s = quantile(cxx, 0.1);
  std::printf("boot_scenario_runs_per_second = %.1f\n", 1.0 / lua_s);
  std::printf("lua_overhead_ratio = %.3f\n", lua_s / cxx_s);
  std::printf("# per run (10th percentile of %d): Lua %.3f ms, C++ %.3f ms; medians %.3f / %.3f ms (%s)\n", kPairs,
              lua_s * 1e3, cxx_s * 1e3, quantile(lua, 0.5) * 1e3, quantile(cxx, 0.5) * 1e3, path.c_str());
  return 0;
}
