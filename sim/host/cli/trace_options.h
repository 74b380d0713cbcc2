// The `saltysim run` options that look inside a run (trace, statistics);
// kept apart from main.cpp so the run command gains only one line.
#pragma once

#include "sim/host/inspect/inspection.h"

namespace CLI {
class App;
}

namespace sim {
struct RunOptions;
void add_inspect_options(CLI::App& run, inspect::InspectOptions& o);
// --caps-record, --caps-query, --post-mortem, --no-post-mortem.
void add_failure_options(CLI::App& run, RunOptions& o);
}
