// TCB operations (tcb_ops.cpp) and the TCB invocation decoder
// (tcb_decode.cpp): free functions on the kernel context. Only forward
// declarations here; the definitions include kernel_context.h. The thread
// lifecycle (tcb_thread.cpp) stays in Kernel.
#pragma once

#include <vector>

#include "kernel_model/types.h"

namespace kmodel {

SysResult decode_tcb(Kernel& k, Invocation& inv);

SysResult op_tcb_configure(Kernel& k, Tcb& t, Word rip, Word rsp, Word ipc_va);
SysResult op_tcb_resume(Kernel& k, Tcb& t);
SysResult op_tcb_suspend(Kernel& k, Tcb& t);
SysResult op_tcb_set_space(Kernel& k, Tcb& t, CNode& cs, VSpace& vs, unsigned depth);
SysResult op_tcb_write_registers(Kernel& k, Tcb& t, Word flags, Word rip, Word rsp);
SysResult op_tcb_set_priority(Kernel& k, Tcb& t, Word prio);
SysResult op_tcb_bind_notification(Kernel& k, Tcb& t, Notification& n);
SysResult op_tcb_unbind_notification(Kernel& k, Tcb& t);
SysResult op_tcb_set_fault_handler(Kernel& k, Tcb& t, Endpoint* ep, Word badge);

// A TCB's kernel-side links (CSpace root, VSpace, fault endpoint, bound
// notification) are weak: they hold no reference, the TCB is listed in the
// linked object's `tcb_links` (Notification::bound for the notification),
// and the object's teardown clears them (tcb_thread.cpp).
void tcb_set_spaces(Tcb& t, CNode* cs, VSpace* vs);
void tcb_set_fault_ep(Tcb& t, Endpoint* ep, Word badge);
// Teardown of an object TCBs link to: every TCB in `links` loses its link
// to `dying`; one left without a CSpace or VSpace cannot run and is
// suspended (`suspend`: false while the kernel itself is destroyed).
void tcb_drop_links(Kernel& k, std::vector<Tcb*>& links, KObject& dying, bool suspend);

}  // namespace kmodel
