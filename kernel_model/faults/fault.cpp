// Fault delivery (§2.11): the faulting thread sends the fault message to
// its fault endpoint as if it had CALLed it, with the remembered badge,
// and waits. An empty reply (label 0) resumes it (the access is re-run); a
// non-zero label, or no handler at all, leaves it Inactive until resumed.
#include "kernel_model/ipc/endpoint.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

bool Kernel::deliver_fault(Tcb& self, Word label, const Word* mrs, Word n) {
  emit(KernelEvent::Kind::Fault, tid(&self), 0, self.fault_ep ? self.fault_ep->id() : 0, self.fault_badge, label,
       n ? mrs[0] : 0);
  if (!self.fault_ep) {
    log().warn("thread '{}' fault {} (mr0={:#x}) with no fault handler: suspended", self.name, label, n ? mrs[0] : 0);
    self.state = TcbState::Inactive;
    park_if_inactive(self);
    return false;
  }
  PendingSend m;
  m.label = label;
  m.length = n;
  for (Word i = 0; i < n && i < abi::kRegisterMrs; ++i) m.mr[i] = mrs[i];
  m.fault = true;
  m.call = true;
  m.seq = next_seq();
  SysResult r = call_endpoint(self, *self.fault_ep, self.fault_badge, m, 0);
  if (!r.ok()) {  // handler endpoint gone, or suspended while waiting
    if (r.error != kRestartSyscall) self.state = TcbState::Inactive;
    park_if_inactive(self);
    return false;
  }
  if (self.reply_label != 0) {
    self.state = TcbState::Inactive;
    park_if_inactive(self);
    return false;
  }
  return true;
}

}  // namespace kmodel
