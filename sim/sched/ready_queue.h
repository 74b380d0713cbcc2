// Runnable threads by effective priority: levels kept sorted (most urgent
// last, so the hot pop is at the back of a small vector), each level an
// intrusive FIFO for round robin among equals.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/sched/thread.h"

namespace sim {

struct ReadyQueue {
  struct Level {
    Priority prio;
    Thread* head = nullptr;
    Thread* tail = nullptr;
    std::size_t count = 0;
  };

  bool empty() const { return levels_.empty(); }
  std::size_t size() const { return size_; }
  void push_back(Thread* t);
  void remove(Thread* t);
  // Front of the most urgent level, or, with `pick_index`, the n-th thread
  // of that level (explore mode). Removes it.
  Thread* pop_best(std::size_t pick_index = 0);
  std::size_t best_level_count() const { return levels_.empty() ? 0 : levels_.back().count; }
  Priority best_priority() const { return levels_.back().prio; }

 private:
  Level& level_for(Priority p);
  std::vector<Level> levels_;  // sorted by prio descending
  std::size_t size_ = 0;
};

}  // namespace sim
