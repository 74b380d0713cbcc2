// Logging for every layer of the simulator: spdlog loggers named by
// component, each line stamped with the virtual time and the name of the
// simulated thread that logged it (never host time or pids), so two runs
// with the same seed log byte-identical text.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace sim {
class VirtualClock;
}

namespace sim::log {

// The logger of a component ("sched", "kernel", "vfs", "blk", ...), created
// on first use with the level configured for it.
std::shared_ptr<spdlog::logger> get(const std::string& component);

// Applies a level spec: "info", "vfs=debug,blk=trace", "warn,kernel=debug".
// A bare level sets the default for every component. Throws
// std::invalid_argument with a readable message on a bad spec.
void configure(std::string_view spec);

// Where log lines go (default: stderr). Used by tests to capture.
void set_output(std::ostream* os);
void set_output_stderr();

// The clock whose time stamps each line (nullptr: time 0). A scheduler
// sets its clock when it is made and, when it ends, clears it only if it
// is still its own (release_clock): with several schedulers alive the
// newest one stamps the lines.
void set_clock(const VirtualClock* clock);
void release_clock(const VirtualClock* clock);

// Resets every component to the default level `info`.
void reset_levels();

}  // namespace sim::log
