// TCB invocations 0x40..0x4F. Rights: CONFIGURE for configure, set-space,
// set-ipc-buffer and bind; RESUME / SUSPEND for those; READ for the read
// ops; WRITE for the other write ops.
#include "kernel_model/invocations/invocation.h"
#include "kernel_model/ipc/endpoint.h"
#include "kernel_model/ipc/ipc_buffer.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/objects/tcb/tcb_ops.h"

namespace kmodel {

namespace {
std::uint32_t tcb_right(Word label) {
  switch (label) {
    case abi::TCB_CONFIGURE:
    case abi::TCB_SET_SPACE:
    case abi::TCB_SET_IPC_BUFFER:
    case abi::TCB_BIND_NOTIFICATION: return abi::RIGHT_CONFIGURE;
    case abi::TCB_RESUME: return abi::RIGHT_RESUME;
    case abi::TCB_SUSPEND: return abi::RIGHT_SUSPEND;
    case abi::TCB_READ_REGISTERS:
    case abi::TCB_GET_SPACE_INFO: return abi::RIGHT_READ;
    default: return abi::RIGHT_WRITE;
  }
}
bool user_page_va(Word va) { return va % abi::kPageSize == 0; }
}  // namespace

SysResult decode_tcb(Kernel& k, Invocation& inv) {
  if (inv.label < abi::TCB_CONFIGURE || inv.label > abi::TCB_GET_SPACE_INFO) return fail(abi::INVALID_OPERATION);
  if (!inv.cap().has(tcb_right(inv.label))) return fail(abi::INSUFFICIENT_RIGHTS);
  Tcb& t = *inv.cap().as<Tcb>();
  const Word* a = inv.a;
  Err e = abi::OK;
  switch (inv.label) {
    case abi::TCB_CONFIGURE:
      if (!user_page_va(a[2])) return fail(abi::INVALID_ARGUMENT);
      if (a[2] >= abi::kUserVaLimit || a[0] >= abi::kUserVaLimit) return fail(abi::BAD_ADDRESS);
      return op_tcb_configure(k, t, a[0], a[1], a[2]);
    case abi::TCB_RESUME: return op_tcb_resume(k, t);
    case abi::TCB_SUSPEND: return op_tcb_suspend(k, t);
    case abi::TCB_SET_SPACE: {
      if (a[2] > abi::kMaxInvokeDepth) return fail(abi::INVALID_ARGUMENT);
      auto* cs = k.arg_cap<CNode>(inv.self, a[0], abi::OBJ_CNODE, 0, e);
      if (!cs) return fail(e);
      auto* vs = k.arg_cap<VSpace>(inv.self, a[1], abi::OBJ_VSPACE, 0, e);
      if (!vs) return fail(e);
      return op_tcb_set_space(k, t, *cs, *vs, static_cast<unsigned>(a[2]));
    }
    case abi::TCB_SET_AFFINITY:
      if (a[0] != abi::kAffinityAny && a[0] != 0) return fail(abi::INVALID_ARGUMENT);  // one simulated CPU
      t.affinity = a[0];
      return okv();
    case abi::TCB_READ_REGISTERS:
      if (t.state != TcbState::Inactive) return fail(abi::INVALID_OPERATION);
      return okv(t.rip);
    case abi::TCB_WRITE_REGISTERS:
      if (t.state != TcbState::Inactive) return fail(abi::INVALID_OPERATION);
      return op_tcb_write_registers(k, t, a[0], a[1], a[2]);
    case abi::TCB_SET_PRIORITY:
      if (a[0] == 0) return fail(abi::INVALID_ARGUMENT);
      return op_tcb_set_priority(k, t, a[0]);
    case abi::TCB_SET_IPC_BUFFER:
      if (!user_page_va(a[0])) return fail(abi::INVALID_ARGUMENT);
      if (a[0] >= abi::kUserVaLimit) return fail(abi::BAD_ADDRESS);
      t.ipc_buffer_va = a[0];
      t.ipc_cache = {};
      return okv();
    case abi::TCB_BIND_NOTIFICATION: {
      auto* n = k.arg_cap<Notification>(inv.self, a[0], abi::OBJ_NOTIFICATION, abi::RIGHT_READ, e);
      if (!n) return fail(e);
      return op_tcb_bind_notification(k, t, *n);
    }
    case abi::TCB_UNBIND_NOTIFICATION: return op_tcb_unbind_notification(k, t);
    case abi::TCB_SET_FAULT_HANDLER: {
      if (a[0] == 0) return op_tcb_set_fault_handler(k, t, nullptr, 0);
      Cap c;
      auto* ep = k.arg_cap<Endpoint>(inv.self, a[0], abi::OBJ_ENDPOINT, abi::RIGHT_SEND, e, &c);
      if (!ep) return fail(e);
      return op_tcb_set_fault_handler(k, t, ep, c.badge);
    }
    case abi::TCB_COPY_FPU: {
      auto* src = k.arg_cap<Tcb>(inv.self, a[0], abi::OBJ_TCB, abi::RIGHT_READ, e);
      if (!src) return fail(e);
      t.fpu_tag = src->fpu_tag;
      return okv();
    }
    case abi::TCB_SET_TLS_BASE: t.tls_base = a[0]; return okv();
    case abi::TCB_SET_NOTIFICATION_DISPATCHER:
      if (a[0] >= abi::kUserVaLimit) return fail(abi::BAD_ADDRESS);
      t.dispatcher_va = a[0];
      return okv();
    case abi::TCB_GET_SPACE_INFO: {
      IpcBuffer* b = k.ipc_buffer(inv.self);
      if (!b) return fail(abi::BAD_ADDRESS);
      b->msg[0] = t.cspace_depth;
      return okv();
    }
    default: return fail(abi::INVALID_OPERATION);
  }
}

}  // namespace kmodel
