// TCB operations: configure, resume, suspend (cancelling any IPC in
// progress), spaces, registers, priority, notification binding, fault
// handler.
#include "kernel_model/ipc/endpoint.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

SysResult Kernel::op_tcb_configure(Tcb& t, Word rip, Word rsp, Word ipc_va) {
  if (t.state != TcbState::Inactive) return fail(abi::INVALID_OPERATION);
  if (!t.vspace) return fail(abi::INVALID_OPERATION);
  t.rip = rip;
  t.rsp = rsp;
  t.ipc_buffer_va = ipc_va;
  t.ipc_cache = {};
  t.configured = true;
  return okv();
}

SysResult Kernel::op_tcb_resume(Tcb& t) {
  if (!t.cspace || !t.vspace) return fail(abi::INVALID_OPERATION);
  if (t.state != TcbState::Inactive) return okv();  // already running
  t.state = TcbState::Running;
  if (!t.thread || !t.thread->alive()) {
    ensure_thread(t);
    sched_.start(*t.thread);
  } else {
    sched_.wake(*t.thread);  // parked: re-runs what it was doing
  }
  return okv();
}

SysResult Kernel::op_tcb_suspend(Tcb& t) {
  switch (t.state) {
    case TcbState::Inactive: return okv();
    case TcbState::BlockedSend:
    case TcbState::BlockedRecv:
    case TcbState::BlockedNotif:
    case TcbState::BlockedFutex:
      dequeue(t);
      complete(t, kRestartSyscall, 0);  // re-issued after resume
      break;
    case TcbState::BlockedReply: {
      bool fault = t.reply_is_fault;
      end_reply_wait(t);  // the pending reply is gone
      complete(t, fault ? kRestartSyscall : abi::INTERRUPTED, 0);
      break;
    }
    case TcbState::BlockedSleep:
    case TcbState::Running: break;
  }
  t.state = TcbState::Inactive;
  return okv();
}

SysResult Kernel::op_tcb_set_space(Tcb& t, CNode& cs, VSpace& vs, unsigned depth) {
  retain(cs);
  retain(vs);
  KObject* old[] = {t.cspace, t.vspace};
  t.cspace = &cs;
  t.vspace = &vs;
  t.cspace_depth = depth;
  t.ipc_cache = {};
  for (KObject* o : old)
    if (o) release(*o);
  return okv();
}

// seL4 TCB_WriteRegisters on a suspended thread: it continues at the new
// rip. A simulated thread's "registers" are the C++ context of its fiber,
// which belongs to the old rip (e.g. a CALL to procmgr's PM_EXEC), so that
// fiber is ended here as a thread that ends would be (unlinked, then killed:
// unwound while it sits parked in the kernel) and the next resume starts a
// fresh fiber at the new rip. A host-made thread's body is dropped too: what
// lives at the written rip runs.
SysResult Kernel::op_tcb_write_registers(Tcb& t, Word flags, Word rip, Word rsp) {
  t.rip = rip;
  t.rsp = rsp;
  t.body = nullptr;
  sim::Thread* old = t.thread;
  if (old && old->alive() && old != sched_.current()) {
    on_thread_end(*old);  // detaches it from the TCB (the end hook then finds no TCB)
    sched_.kill(*old);
  }
  if (flags & abi::kWriteRegsResume) return op_tcb_resume(t);
  return okv();
}

SysResult Kernel::op_tcb_set_priority(Tcb& t, Word prio) {
  t.priority = prio;
  if (t.thread) sched_.set_priority(*t.thread, prio);
  return okv();
}

SysResult Kernel::op_tcb_bind_notification(Tcb& t, Notification& n) {
  if (t.bound_ntfn || n.bound) return fail(abi::ALREADY_BOUND);
  retain(n);
  t.bound_ntfn = &n;
  n.bound = &t;
  return okv();
}

SysResult Kernel::op_tcb_unbind_notification(Tcb& t) {
  if (!t.bound_ntfn) return fail(abi::NOT_FOUND);
  Notification* n = t.bound_ntfn;
  n->bound = nullptr;
  t.bound_ntfn = nullptr;
  release(*n);
  return okv();
}

SysResult Kernel::op_tcb_set_fault_handler(Tcb& t, Endpoint* ep, Word badge) {
  if (ep) retain(*ep);
  Endpoint* old = t.fault_ep;
  t.fault_ep = ep;
  t.fault_badge = ep ? badge : 0;
  if (old) release(*old);
  return okv();
}

}  // namespace kmodel
