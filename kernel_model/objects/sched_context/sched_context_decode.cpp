// SchedContext invocations 0x30..0x34 (WRITE on the SchedContext; BIND
// also CONFIGURE on the TCB).
#include "kernel_model/invocations/invocation.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/sched_context/sched_context.h"
#include "kernel_model/objects/sched_context/sched_context_ops.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

SysResult decode_sched_context(Kernel& k, Invocation& inv) {
  if (inv.label < abi::SC_CONFIGURE || inv.label > abi::SC_CONSUMED) return fail(abi::INVALID_OPERATION);
  if (!inv.cap().has(abi::RIGHT_WRITE)) return fail(abi::INSUFFICIENT_RIGHTS);
  SchedCtx& sc = *inv.cap().as<SchedCtx>();
  switch (inv.label) {
    case abi::SC_CONFIGURE: {
      Word budget = inv.a[0], period = inv.a[1];
      if (budget == 0 || (period != 0 && period < budget)) return fail(abi::INVALID_ARGUMENT);
      if (budget / abi::kSchedTickUs == 0 || (period != 0 && period / abi::kSchedTickUs == 0))
        return fail(abi::INVALID_ARGUMENT);
      return op_sc_configure(k, sc, budget, period);
    }
    case abi::SC_BIND: {
      Err e = abi::OK;
      auto* t = k.arg_cap<Tcb>(inv.self, inv.a[0], abi::OBJ_TCB, abi::RIGHT_CONFIGURE, e);
      if (!t) return fail(e);
      return op_sc_bind(k, sc, *t);
    }
    case abi::SC_UNBIND: return op_sc_unbind(k, sc);
    case abi::SC_YIELD_TO: return op_sc_yield_to(k, sc);
    default: return op_sc_consumed(k, sc);
  }
}

}  // namespace kmodel
