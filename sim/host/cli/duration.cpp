#include "sim/host/cli/duration.h"

#include <charconv>

namespace sim {

std::optional<VDuration> parse_duration(std::string_view text) {
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  VDuration mult;
  if (unit == "ns") mult = kNs;
  else if (unit == "us") mult = kUs;
  else if (unit == "ms") mult = kMs;
  else if (unit == "s") mult = kSec;
  else if (unit == "m") mult = 60 * kSec;
  else return std::nullopt;
  if (n > ~VDuration{0} / mult) return std::nullopt;
  return n * mult;
}

}  // namespace sim
