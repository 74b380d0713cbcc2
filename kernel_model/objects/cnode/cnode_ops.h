// CNode operations (cnode_ops.cpp) and the CNode invocation decoder
// (cnode_decode.cpp): free functions on the kernel context. Only forward
// declarations here; the definitions include kernel_context.h.
#pragma once

#include <cstdint>
#include <optional>

#include "kernel_model/types.h"

namespace kmodel {

SysResult decode_cnode(Kernel& k, Invocation& inv);

SysResult op_cnode_copy(Kernel& k, Slot& src, Slot& dst, std::uint32_t rights);
SysResult op_cnode_mint(Kernel& k, Slot& src, Slot& dst, Word badge);
SysResult op_cnode_move(Kernel& k, Slot& src, Slot& dst, std::optional<Word> new_badge);
SysResult op_cnode_delete(Kernel& k, Slot& s);
SysResult op_cnode_revoke(Kernel& k, Slot& s);
SysResult op_cnode_save_caller(Kernel& k, Tcb& self, Slot& dst);
SysResult op_cnode_set_guard(Kernel& k, CNode& cn, Word guard, unsigned bits);
SysResult op_cnode_get_info(Kernel& k, Tcb& self, CNode& cn);

}  // namespace kmodel
