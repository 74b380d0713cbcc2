#include "sim/runtime/trace/decision_log.h"

#include <algorithm>

namespace sim {

std::string Decision::describe() const {
  const char* k = "?";
  switch (kind) {
    case DecisionKind::Dispatch: k = "dispatch thread"; break;
    case DecisionKind::Handoff: k = "hand-off to thread"; break;
    case DecisionKind::Event: k = "fire event"; break;
    case DecisionKind::Wake: k = "wake thread"; break;
    case DecisionKind::Custom: k = "custom"; break;
  }
  return "t=" + format_vtime(time) + " " + k + " #" + std::to_string(subject);
}

std::optional<std::size_t> DecisionLog::first_divergence(const DecisionLog& a, const DecisionLog& b) {
  const auto& x = a.entries_;
  const auto& y = b.entries_;
  std::size_t n = std::min(x.size(), y.size());
  for (std::size_t i = 0; i < n; ++i)
    if (!(x[i] == y[i])) return i;
  if (x.size() != y.size()) return n;
  if (a.hash_ != b.hash_ || a.count_ != b.count_) return n;
  return std::nullopt;
}

}  // namespace sim
