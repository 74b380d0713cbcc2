#include "hw_model/core/fault_log.h"

#include <algorithm>

#include "sim/runtime/seed/seed.h"

namespace hw {

void FaultLog::record(sim::VTime t, const std::string& source, std::string kind, std::uint64_t a,
                      std::uint64_t b) {
  records_.push_back(FaultRecord{t, source, std::move(kind), a, b});
}

std::size_t FaultLog::count(const std::string& kind) const {
  return static_cast<std::size_t>(
      std::count_if(records_.begin(), records_.end(), [&](const FaultRecord& r) { return r.kind == kind; }));
}

std::string FaultLog::to_string() const {
  std::string out;
  for (const auto& r : records_)
    out += sim::format_vtime(r.time) + " " + r.source + " " + r.kind + " " + std::to_string(r.a) + " " +
           std::to_string(r.b) + "\n";
  return out;
}

std::uint64_t FaultLog::digest() const { return sim::fnv1a64(to_string()); }

}  // namespace hw
