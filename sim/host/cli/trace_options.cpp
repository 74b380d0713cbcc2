#include "sim/host/cli/trace_options.h"

#include <CLI/CLI.hpp>

namespace sim {

void add_inspect_options(CLI::App& run, inspect::InspectOptions& o) {
  run.add_option("--trace", o.trace_path,
                 "Write a timeline of the run (IPC calls, faults, notifications, IRQs) to FILE as Trace Event "
                 "Format JSON for Perfetto / chrome://tracing; virtual microseconds");
  run.add_flag("--trace-sched", o.trace_sched, "With --trace: also every scheduling decision");
  run.add_option("--trace-filter", o.trace_filter,
                 "With --trace: only what involves these processes or protocol families (e.g. vfs,procmgr)");
  run.add_option("--trace-max-mb", o.trace_max_mb,
                 "With --trace: close the trace (still valid) before it grows past N MiB");
  run.add_flag("--stats", o.stats,
               "At the end: per-server calls per label, mean/p99 service time, max queue, bytes moved");
}

}  // namespace sim
