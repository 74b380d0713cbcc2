// TCB operations: configure, resume, suspend (cancelling any IPC in
// progress), spaces, registers, priority, notification binding, fault
// handler.
#include "kernel_model/ipc/endpoint.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/objects/tcb/tcb_ops.h"

namespace kmodel {

namespace {
// New registers for a suspended thread: it continues at `rip` with `rsp`.
// A simulated thread's "registers" are the C++ context of its fiber, which
// belongs to the old rip (e.g. a CALL to procmgr's PM_EXEC, a RECV it was
// suspended in), so a fiber that has run is ended here as a thread that
// ends would be (unlinked, then killed: unwound while it sits parked in the
// kernel) and the next resume starts a fresh fiber at the new rip. A
// host-made thread's body is dropped once it has run: what lives at the
// new rip runs. Before the first run nothing is ended and the body stays.
void set_user_registers(Kernel& k, Tcb& t, Word rip, Word rsp) {
  t.rip = rip;
  t.rsp = rsp;
  sim::Thread* old = t.thread;
  bool has_run = t.exited || (old && old->alive());
  if (has_run) t.body = nullptr;
  if (old && old->alive() && old != k.scheduler().current()) {
    k.on_thread_end(*old);  // detaches it from the TCB (the end hook then finds no TCB)
    k.scheduler().kill(*old);
  }
}
}  // namespace

// TCB_CONFIGURE, like WRITE_REGISTERS, takes effect at the next RESUME even
// on a thread that has already run (issue 16 point 4).
SysResult op_tcb_configure(Kernel& k, Tcb& t, Word rip, Word rsp, Word ipc_va) {
  if (t.state != TcbState::Inactive) return fail(abi::INVALID_OPERATION);
  if (!t.vspace) return fail(abi::INVALID_OPERATION);
  set_user_registers(k, t, rip, rsp);
  t.stack_top = rsp;  // the user stack may auto-grow 1 MiB below it (§2.7)
  t.ipc_buffer_va = ipc_va;
  t.ipc_cache = {};
  t.configured = true;
  return okv();
}

SysResult op_tcb_resume(Kernel& k, Tcb& t) {
  if (!t.cspace || !t.vspace) return fail(abi::INVALID_OPERATION);
  if (t.state != TcbState::Inactive) return okv();  // already running
  t.state = TcbState::Running;
  if (!t.thread || !t.thread->alive()) {
    k.ensure_thread(t);
    k.scheduler().start(*t.thread);
  } else {
    k.scheduler().wake(*t.thread);  // parked: re-runs what it was doing
  }
  return okv();
}

SysResult op_tcb_suspend(Kernel& k, Tcb& t) {
  switch (t.state) {
    case TcbState::Inactive: return okv();
    case TcbState::BlockedSend:
    case TcbState::BlockedRecv:
    case TcbState::BlockedNotif:
    case TcbState::BlockedFutex:
      k.dequeue(t);
      k.complete(t, kRestartSyscall, 0);  // re-issued after resume
      break;
    case TcbState::BlockedReply: {
      bool fault = t.reply_is_fault;
      k.end_reply_wait(t);  // the pending reply is gone
      k.complete(t, fault ? kRestartSyscall : abi::INTERRUPTED, 0);
      break;
    }
    case TcbState::BlockedSleep:
    case TcbState::Running: break;
  }
  t.state = TcbState::Inactive;
  return okv();
}

SysResult op_tcb_set_space(Kernel& /*k*/, Tcb& t, CNode& cs, VSpace& vs, unsigned depth) {
  tcb_set_spaces(t, &cs, &vs);
  t.cspace_depth = depth;
  return okv();
}

// seL4 TCB_WriteRegisters on a suspended thread: it continues at the new
// rip (set_user_registers). The written rip always replaces a host-made
// thread's body, run or not.
SysResult op_tcb_write_registers(Kernel& k, Tcb& t, Word flags, Word rip, Word rsp) {
  set_user_registers(k, t, rip, rsp);
  t.body = nullptr;
  if (flags & abi::kWriteRegsResume) return op_tcb_resume(k, t);
  return okv();
}

SysResult op_tcb_set_priority(Kernel& k, Tcb& t, Word prio) {
  t.priority = prio;
  if (t.thread) k.scheduler().set_priority(*t.thread, prio);
  k.preempt_for(&t);
  return okv();
}

SysResult op_tcb_bind_notification(Kernel& /*k*/, Tcb& t, Notification& n) {
  if (t.bound_ntfn || n.bound) return fail(abi::ALREADY_BOUND);
  t.bound_ntfn = &n;
  n.bound = &t;
  return okv();
}

SysResult op_tcb_unbind_notification(Kernel& /*k*/, Tcb& t) {
  if (!t.bound_ntfn) return fail(abi::NOT_FOUND);
  t.bound_ntfn->bound = nullptr;
  t.bound_ntfn = nullptr;
  return okv();
}

SysResult op_tcb_set_fault_handler(Kernel& /*k*/, Tcb& t, Endpoint* ep, Word badge) {
  tcb_set_fault_ep(t, ep, badge);
  return okv();
}

}  // namespace kmodel
