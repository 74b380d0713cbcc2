// MemoryObject operations (memory_object_ops.cpp) and the MemoryObject
// invocation decoder (memory_object_decode.cpp): free functions on the
// kernel context. Only forward declarations here; the definitions include
// kernel_context.h. mo_page is also used by the VSpace MO paths.
#pragma once

#include "kernel_model/types.h"

namespace kmodel {

SysResult decode_memory_object(Kernel& k, Invocation& inv);

SysResult mo_commit(Kernel& k, MemoryObject& mo, Word off, Word count, Untyped* ut);
SysResult mo_decommit(Kernel& k, MemoryObject& mo, Word off, Word count);
SysResult mo_resize(Kernel& k, MemoryObject& mo, Word pages);
SysResult mo_clone(Kernel& k, MemoryObject& parent, MemoryObject& child);
SysResult mo_rw(Kernel& k, Tcb& self, MemoryObject& mo, Word off, Word count, bool write);
// Page `index` of `mo`, committed from `ut` (or the kernel pool) if missing;
// null + err when it cannot be.
Frame* mo_page(Kernel& k, MemoryObject& mo, Word index, Untyped* ut, Err& err);

}  // namespace kmodel
