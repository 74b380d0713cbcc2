// A scheduling context: budget/period in 1 ms ticks, bound to at most one
// TCB; backed by the runtime's sim::SchedContext.
#pragma once

#include "kernel_model/objects/object.h"
#include "sim/runtime/sched/thread.h"

namespace kmodel {

class SchedCtx final : public KObject {
 public:
  SchedCtx() : KObject(abi::OBJ_SCHED_CONTEXT) {}
  sim::SchedContext sc;
  Word budget_ticks = 10;
  Word period_ticks = 100;
  bool configured = false;
  Tcb* bound = nullptr;
};

}  // namespace kmodel
