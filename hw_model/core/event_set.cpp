#include "hw_model/core/event_set.h"

namespace hw {

void EventSet::at(sim::VTime t, std::function<void()> cb) {
  const std::uint64_t token = next_token_++;
  auto id = clock_.schedule_at(t, [this, token, cb = std::move(cb)] {
    live_.erase(token);
    cb();
  });
  live_.emplace(token, id);
}

void EventSet::cancel_all() {
  for (auto& [token, id] : live_) clock_.cancel(id);
  live_.clear();
}

}  // namespace hw
