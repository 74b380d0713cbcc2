// SchedContext operations (sched_context_ops.cpp) and the SchedContext
// invocation decoder (sched_context_decode.cpp): free functions on the
// kernel context. Only forward declarations here; the definitions include
// kernel_context.h.
#pragma once

#include "kernel_model/types.h"

namespace kmodel {

SysResult decode_sched_context(Kernel& k, Invocation& inv);

SysResult op_sc_configure(Kernel& k, SchedCtx& sc, Word budget_us, Word period_us);
SysResult op_sc_bind(Kernel& k, SchedCtx& sc, Tcb& t);
SysResult op_sc_unbind(Kernel& k, SchedCtx& sc);
SysResult op_sc_yield_to(Kernel& k, SchedCtx& sc);
SysResult op_sc_consumed(Kernel& k, SchedCtx& sc);

}  // namespace kmodel
