// The simulator's clock and its event queue. Virtual time is in nanoseconds
// and only moves when the scheduler finds nothing runnable and jumps to the
// next event. Events fire in (deadline, sequence) order, so two events at
// the same instant fire in the order they were scheduled.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

namespace sim {

using VTime = std::uint64_t;      // nanoseconds since simulation start
using VDuration = std::uint64_t;  // nanoseconds

constexpr VDuration kNs = 1;
constexpr VDuration kUs = 1000;
constexpr VDuration kMs = 1000 * kUs;
constexpr VDuration kSec = 1000 * kMs;

// "12.345678901" style rendering used by logs and reports.
std::string format_vtime(VTime t);

class VirtualClock {
 public:
  using EventId = std::uint64_t;  // 0 is never a valid id
  using Callback = std::function<void()>;

  VTime now() const { return now_; }

  // Schedules `cb` at absolute time `at` (clamped to now). Callbacks run
  // on the scheduler's context: they may wake threads, never block.
  EventId schedule_at(VTime at, Callback cb);
  EventId schedule_after(VDuration d, Callback cb) { return schedule_at(now_ + d, std::move(cb)); }
  // Returns false when the event already fired or was cancelled.
  bool cancel(EventId id);

  bool has_pending() const { return live_ > 0; }
  std::size_t pending() const { return live_; }
  // Deadline of the earliest live event; only valid when has_pending().
  VTime next_deadline();

  // Fires, in order, every event due at or before now. Each fired event is
  // reported to `observer` (sequence number) before its callback runs.
  // Returns how many fired.
  std::size_t fire_due(const std::function<void(EventId)>& observer = {});

  // Moves time forward (never backward) without firing anything.
  void advance_to(VTime t);

 private:
  struct Entry {
    VTime at;
    EventId seq;
    bool operator>(const Entry& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };
  void drop_cancelled_top();

  VTime now_ = 0;
  EventId next_seq_ = 1;
  std::size_t live_ = 0;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap_;
  std::unordered_map<EventId, Callback> callbacks_;
};

}  // namespace sim
