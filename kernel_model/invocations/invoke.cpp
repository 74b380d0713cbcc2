// SYS_INVOKE (§2.7): look up the invoked cap, take the one-shot
// SET_INVOKE_DEPTHS hints, and dispatch on (object type, label) to the
// type's decoder. Unknown (type, label) is INVALID_OPERATION.
#include "kernel_model/invocations/invocation.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode_ops.h"
#include "kernel_model/objects/device/device_ops.h"
#include "kernel_model/objects/memory_object/memory_object_ops.h"
#include "kernel_model/objects/sched_context/sched_context_ops.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/objects/tcb/tcb_ops.h"
#include "kernel_model/objects/untyped/untyped_ops.h"
#include "kernel_model/vspace/vspace_decode.h"

namespace kmodel {

SysResult Kernel::invoke(Tcb& self, Word cptr, Word label, Word a0, Word a1, Word a2, Word a3) {
  unsigned d0 = self.depths_set ? self.depth0 : 0;
  unsigned d1 = self.depths_set ? self.depth1 : 0;
  self.depths_set = false;
  Err e = abi::OK;
  Slot* s = lookup_cap(self, cptr, e);
  if (!s) return fail(e);
  if (s->cap.is_reply()) return fail(abi::INVALID_OPERATION);
  Invocation inv{self, *s, label, {a0, a1, a2, a3}, d0, d1};
  switch (s->cap.type()) {
    case abi::OBJ_CNODE: return decode_cnode(*this, inv);
    case abi::OBJ_UNTYPED: return decode_untyped(*this, inv);
    case abi::OBJ_TCB: return decode_tcb(*this, inv);
    case abi::OBJ_VSPACE: return decode_vspace(*this, inv);
    case abi::OBJ_IRQ_HANDLER: return decode_irq(*this, inv);
    case abi::OBJ_IO_PORT: return decode_ioport(*this, inv);
    case abi::OBJ_SCHED_CONTEXT: return decode_sched_context(*this, inv);
    case abi::OBJ_MEMORY_OBJECT: return decode_memory_object(*this, inv);
    default: return fail(abi::INVALID_OPERATION);  // endpoints, notifications, frames have no methods
  }
}

}  // namespace kmodel
