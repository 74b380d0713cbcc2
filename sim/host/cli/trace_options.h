// The `saltysim run` options that look inside a run (trace, statistics);
// kept apart from main.cpp so the run command gains only one line.
#pragma once

#include "sim/host/inspect/inspection.h"

namespace CLI {
class App;
}

namespace sim {
void add_inspect_options(CLI::App& run, inspect::InspectOptions& o);
}
