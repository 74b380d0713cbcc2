#include "sim/runtime/sched/ready_queue.h"

namespace sim {

ReadyQueue::Level& ReadyQueue::level_for(Priority p) {
  // Scan from the urgent end: most pushes go to the busiest, most urgent levels.
  std::size_t i = levels_.size();
  while (i > 0 && levels_[i - 1].prio < p) --i;
  if (i > 0 && levels_[i - 1].prio == p) return levels_[i - 1];
  return *levels_.insert(levels_.begin() + static_cast<std::ptrdiff_t>(i), Level{p});
}

void ReadyQueue::remove(Thread* t) {
  for (std::size_t i = levels_.size(); i-- > 0;) {
    Level& l = levels_[i];
    if (l.prio != t->effective_priority_) continue;
    if (t->rq_prev_) t->rq_prev_->rq_next_ = t->rq_next_; else l.head = t->rq_next_;
    if (t->rq_next_) t->rq_next_->rq_prev_ = t->rq_prev_; else l.tail = t->rq_prev_;
    t->rq_prev_ = t->rq_next_ = nullptr;
    --size_;
    if (--l.count == 0) levels_.erase(levels_.begin() + static_cast<std::ptrdiff_t>(i));
    return;
  }
}

}  // namespace sim
