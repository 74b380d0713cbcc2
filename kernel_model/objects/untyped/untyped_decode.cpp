// Untyped invocations: 0x20 RETYPE (type, size_bits, dest slot in the
// caller's own CSpace at depth d0), 0x21 RESET. Both need RETYPE.
#include "kernel_model/invocations/invocation.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/objects/untyped/untyped.h"
#include "kernel_model/objects/untyped/untyped_ops.h"

namespace kmodel {

SysResult decode_untyped(Kernel& k, Invocation& inv) {
  if (inv.label != abi::UNTYPED_RETYPE && inv.label != abi::UNTYPED_RESET) return fail(abi::INVALID_OPERATION);
  if (!inv.cap().has(abi::RIGHT_RETYPE)) return fail(abi::INSUFFICIENT_RIGHTS);
  Untyped& ut = *inv.cap().as<Untyped>();
  if (inv.label == abi::UNTYPED_RESET) return op_untyped_reset(k, ut);
  Word type = inv.a[0];
  if (type == abi::OBJ_NONE || type >= abi::kObjTypeCount) return fail(abi::INVALID_ARGUMENT);
  if (inv.a[1] > 63) return fail(abi::INVALID_ARGUMENT);
  if (!inv.self.cspace) return fail(abi::INVALID_CAPABILITY);
  Err e = abi::OK;
  Slot* dst = k.resolve(*inv.self.cspace, inv.a[2], inv.d0, e);
  if (!dst) return fail(e);
  return op_untyped_retype(k, inv.slot, static_cast<abi::ObjType>(type), static_cast<unsigned>(inv.a[1]), *dst);
}

}  // namespace kmodel
