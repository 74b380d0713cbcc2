#include "sim/runtime/time/virtual_clock.h"

#include <cstdio>

namespace sim {

std::string format_vtime(VTime t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%4llu.%09llu", static_cast<unsigned long long>(t / kSec),
                static_cast<unsigned long long>(t % kSec));
  return buf;
}

VirtualClock::EventId VirtualClock::schedule_at(VTime at, Callback cb) {
  if (at < now_) at = now_;
  EventId id = next_seq_++;
  heap_.push(Entry{at, id});
  callbacks_.emplace(id, std::move(cb));
  ++live_;
  return id;
}

bool VirtualClock::cancel(EventId id) {
  auto it = callbacks_.find(id);
  if (it == callbacks_.end()) return false;
  callbacks_.erase(it);
  --live_;
  return true;
}

void VirtualClock::drop_cancelled_top() {
  while (!heap_.empty() && callbacks_.find(heap_.top().seq) == callbacks_.end()) heap_.pop();
}

VTime VirtualClock::next_deadline() {
  drop_cancelled_top();
  return heap_.empty() ? now_ : heap_.top().at;
}

std::size_t VirtualClock::fire_due(const std::function<void(EventId)>& observer) {
  std::size_t fired = 0;
  for (;;) {
    drop_cancelled_top();
    if (heap_.empty() || heap_.top().at > now_) break;
    EventId id = heap_.top().seq;
    heap_.pop();
    auto it = callbacks_.find(id);
    Callback cb = std::move(it->second);
    callbacks_.erase(it);
    --live_;
    if (observer) observer(id);
    cb();
    ++fired;
  }
  return fired;
}

void VirtualClock::advance_to(VTime t) {
  if (t > now_) now_ = t;
}

}  // namespace sim
