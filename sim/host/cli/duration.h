// Parses "250ms", "10s", "1500us", "42ns", "3m" into virtual nanoseconds.
#pragma once

#include <optional>
#include <string_view>

#include "sim/runtime/time/virtual_clock.h"

namespace sim {
std::optional<VDuration> parse_duration(std::string_view text);
}
