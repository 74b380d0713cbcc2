// `saltysim run`: runs a scenario once (or twice, comparing every decision,
// with --check-determinism) and reports how it ended.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "sim/host/inspect/inspection.h"
#include "sim/runtime/time/virtual_clock.h"

namespace sim {

struct RunOptions {
  std::string scenario = "default";
  std::uint64_t seed = 1;
  std::string log_spec;
  bool realtime = false;
  bool explore = false;
  bool check_determinism = false;
  std::optional<VDuration> until;
  bool lenient_vm = false;  // kernels keep the old lenient VSpace rules
  inspect::InspectOptions inspect;  // --trace*, --stats, --caps-record (trace_options.h)
  std::vector<std::string> caps_queries;  // --caps-query: answered on the run's record at its end
  bool post_mortem = true;                // --no-post-mortem: no report when the run fails
  std::string post_mortem_path;           // --post-mortem FILE: the report is also written here
};

// The command line that reruns `opts` exactly ("saltysim run boot --seed 7").
std::string reproduce_command(const RunOptions& opts);

// Exit codes: 0 the scenario ended as expected, 1 it failed (deadlock,
// livelock, crashed thread, divergence), 2 bad input.
int run_command(const RunOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace sim
