// SchedContext operations on top of sim::SchedContext: budget/period in
// 1 ms ticks; binding sets the TCB's deadline priority.
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/sched_context/sched_context.h"
#include "kernel_model/objects/sched_context/sched_context_ops.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

SysResult op_sc_configure(Kernel& k, SchedCtx& sc, Word budget_us, Word period_us) {
  sc.budget_ticks = budget_us / abi::kSchedTickUs;
  sc.period_ticks = period_us / abi::kSchedTickUs;  // 0: sporadic
  sc.sc.budget = sc.budget_ticks * sim::kMs;
  sc.sc.period = (sc.period_ticks ? sc.period_ticks : sc.budget_ticks) * sim::kMs;
  sc.configured = true;
  if (sc.bound && sc.bound->thread) k.scheduler().bind_sched_context(*sc.bound->thread, &sc.sc);
  return okv();
}

SysResult op_sc_bind(Kernel& k, SchedCtx& sc, Tcb& t) {
  if (sc.bound || t.sc) return fail(abi::ALREADY_BOUND);
  sc.bound = &t;
  t.sc = &sc;
  t.priority = sc.sc.deadline_priority();
  if (t.thread) k.scheduler().bind_sched_context(*t.thread, &sc.sc);
  return okv();
}

SysResult op_sc_unbind(Kernel& k, SchedCtx& sc) {
  if (!sc.bound) return fail(abi::NOT_FOUND);
  Tcb& t = *sc.bound;
  if (t.thread && (t.thread->state() == sim::ThreadState::Ready || t.thread->state() == sim::ThreadState::Running))
    return fail(abi::BUSY);
  if (t.thread) k.scheduler().bind_sched_context(*t.thread, nullptr);
  t.sc = nullptr;
  sc.bound = nullptr;
  return okv();
}

SysResult op_sc_yield_to(Kernel& k, SchedCtx& sc) {
  if (sc.bound && sc.bound->thread && sc.bound->thread->state() == sim::ThreadState::Ready)
    k.scheduler().yield_to(*sc.bound->thread);
  return okv();
}

SysResult op_sc_consumed(Kernel& /*k*/, SchedCtx& sc) {
  Word us = sc.sc.used / sim::kUs;
  sc.sc.used = 0;
  return okv(us);
}

}  // namespace kmodel
