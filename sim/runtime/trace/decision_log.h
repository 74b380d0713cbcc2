// Running hash of every scheduling decision and every fired event. Two runs
// with the same seed and inputs must produce the same hash; when asked to
// keep the entries, two logs can be compared to find the first divergence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/runtime/time/virtual_clock.h"

namespace sim {

enum class DecisionKind : std::uint8_t { Dispatch, Handoff, Event, Wake, Custom };

struct Decision {
  VTime time;
  DecisionKind kind;
  std::uint64_t subject;  // thread id, event sequence, or a caller's value
  std::string describe() const;
  bool operator==(const Decision&) const = default;
};

class DecisionLog {
 public:
  void set_keep_entries(bool keep, std::size_t limit = 20'000'000) {
    keep_ = keep;
    limit_ = limit;
  }
  void record(VTime t, DecisionKind k, std::uint64_t subject) {
    // One multiply per decision: time, kind and subject folded together
    // (odd multiplier keeps distinct times distinct), then mixed in.
    std::uint64_t word = t * 0x9e3779b97f4a7c15ULL + ((static_cast<std::uint64_t>(k) << 56) ^ subject);
    hash_ = (hash_ ^ word) * 0x100000001b3ULL;
    ++count_;
    if (keep_ && entries_.size() < limit_) entries_.push_back(Decision{t, k, subject});
    if (observer_) [[unlikely]] observer_(observer_ctx_, Decision{t, k, subject});
  }
  // Host-side watcher of every decision (a trace writer); it sees each one
  // after it is hashed and must not act on the simulation. nullptr: none.
  using Observer = void (*)(void* ctx, const Decision& d);
  void set_observer(Observer f, void* ctx) {
    observer_ = f;
    observer_ctx_ = ctx;
  }
  std::uint64_t hash() const { return hash_; }
  std::uint64_t count() const { return count_; }
  const std::vector<Decision>& entries() const { return entries_; }
  bool truncated() const { return keep_ && count_ > entries_.size(); }

  // Index of the first entry where the two logs differ (or where one ends),
  // nullopt when the kept entries are identical.
  static std::optional<std::size_t> first_divergence(const DecisionLog& a, const DecisionLog& b);

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
  std::uint64_t count_ = 0;
  bool keep_ = false;
  std::size_t limit_ = 0;
  std::vector<Decision> entries_;
  Observer observer_ = nullptr;
  void* observer_ctx_ = nullptr;
};

}  // namespace sim
