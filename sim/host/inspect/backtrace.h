// An in-process backtrace of a suspended simulated thread, for the
// post-mortem report: the return addresses found on its fiber's stack
// (from the stack pointer Boost.Context saved up to the stack's top,
// words that point just after a call instruction in the executable),
// named by addr2line when it is there. A scan, not an unwind: a frame's
// stale slot can add a line; the gdb script (sim/gdb/saltysim.py,
// saltysim-bt) unwinds exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sim {
class Fiber;
}

namespace sim::inspect {

// The return addresses on a suspended fiber's stack, innermost first;
// empty when the fiber is not suspended (running, finished, crashed: its
// stack is gone).
std::vector<std::uintptr_t> scan_stack(const Fiber& f, std::size_t max_frames = 40);
// "function at file:line" for each address (one addr2line for them all;
// "exe+0x..." when it cannot say). Frames of the standard library and of
// these observers (stale slots: they never block) come back empty.
std::vector<std::string> symbolize(const std::vector<std::uintptr_t>& addrs);

}  // namespace sim::inspect
