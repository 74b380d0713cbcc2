#include "sim/host/cli/trace_options.h"

#include <CLI/CLI.hpp>

#include "sim/host/cli/run_command.h"

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

void add_failure_options(CLI::App& run, RunOptions& o) {
  run.add_option("--caps-record", o.inspect.caps_record_path,
                 "Record every capability copy, mint, move, IPC transfer, revoke and delete with the derivation "
                 "tree into FILE (for `saltysim caps FILE ...`)");
  run.add_option("--caps-query", o.caps_queries,
                 "At the end of the run answer a capability query, e.g. 'reach procmgr', 'held init --at 5ms' "
                 "(see `saltysim caps --help`; repeatable)")
      ->allow_extra_args(false);  // one query per --caps-query: `--caps-query Q boot` keeps `boot` the scenario
  run.add_option("--post-mortem", o.post_mortem_path,
                 "When the run fails (deadlock, crashed thread): also write the post-mortem report to FILE");
  run.add_flag("--no-post-mortem", [&o](std::int64_t) { o.post_mortem = false; },
               "No post-mortem report (and no per-thread IPC rings) when the run fails");
}

}  // namespace sim
