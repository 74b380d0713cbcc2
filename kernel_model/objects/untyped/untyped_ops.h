// Untyped operations (untyped_ops.cpp) and the Untyped invocation decoder
// (untyped_decode.cpp): free functions on the kernel context. Only forward
// declarations here; the definitions include kernel_context.h.
#pragma once

#include "kernel_model/abi.h"
#include "kernel_model/types.h"

namespace kmodel {

SysResult decode_untyped(Kernel& k, Invocation& inv);

SysResult op_untyped_retype(Kernel& k, Slot& ut_slot, abi::ObjType type, unsigned size_bits, Slot& dst);
SysResult op_untyped_reset(Kernel& k, Untyped& ut);

}  // namespace kmodel
