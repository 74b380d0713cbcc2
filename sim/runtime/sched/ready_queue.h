// Runnable threads by effective priority: levels kept sorted (most urgent
// last, so the hot pop is at the back of a small vector), each level an
// intrusive FIFO for round robin among equals.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/runtime/sched/thread.h"

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
  void push_back(Thread* t) {
    // Fast path: the thread joins the most urgent level (the usual case
    // when a running thread yields).
    Level& l = (!levels_.empty() && levels_.back().prio == t->effective_priority_) ? levels_.back()
                                                                                   : level_for(t->effective_priority_);
    t->rq_next_ = nullptr;
    t->rq_prev_ = l.tail;
    if (l.tail) l.tail->rq_next_ = t; else l.head = t;
    l.tail = t;
    ++l.count;
    ++size_;
  }
  void remove(Thread* t);
  // Front of the most urgent level, or, with `pick_index`, the n-th thread
  // of that level (explore mode). Removes it.
  Thread* pop_best(std::size_t pick_index = 0) {
    Level& l = levels_.back();
    Thread* t = l.head;
    for (std::size_t k = 0; k < pick_index && t->rq_next_; ++k) t = t->rq_next_;
    if (t->rq_prev_) t->rq_prev_->rq_next_ = t->rq_next_; else l.head = t->rq_next_;
    if (t->rq_next_) t->rq_next_->rq_prev_ = t->rq_prev_; else l.tail = t->rq_prev_;
    t->rq_prev_ = t->rq_next_ = nullptr;
    --size_;
    if (--l.count == 0) levels_.pop_back();
    return t;
  }
  std::size_t best_level_count() const { return levels_.empty() ? 0 : levels_.back().count; }
  Priority best_priority() const { return levels_.back().prio; }

 private:
  Level& level_for(Priority p);
  std::vector<Level> levels_;  // sorted by prio descending
  std::size_t size_ = 0;
};

}  // namespace sim
