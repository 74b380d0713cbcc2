// `saltysim run`: runs a scenario once (or twice, comparing every decision,
// with --check-determinism) and reports how it ended.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

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
  inspect::InspectOptions inspect;  // --trace*, --stats (trace_options.h)
};

// Exit codes: 0 the scenario ended as expected, 1 it failed (deadlock,
// livelock, crashed thread, divergence), 2 bad input.
int run_command(const RunOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace sim
