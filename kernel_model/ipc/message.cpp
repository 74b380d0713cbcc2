// Moving a message from sender to receiver: MR0..MR3 from registers, MR4..
// from the sender's IPC buffer, the whole message into the receiver's IPC
// buffer (§2.3), the PM_EXEC payload (§2.4), and the IPC-buffer pointer.
#include <algorithm>
#include <cstring>

#include "kernel_model/ipc/ipc_buffer.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

IpcBuffer* Kernel::ipc_buffer() {
  Tcb* t = current();
  return t ? ipc_buffer(*t) : nullptr;
}

IpcBuffer* Kernel::ipc_buffer(Tcb& t) {
  if (!t.vspace || !t.ipc_buffer_va) return nullptr;
  VSpace& vs = *t.vspace;
  if (t.ipc_cache.ptr && t.ipc_cache.generation == vs.generation) return t.ipc_cache.ptr;
  Pte* p = vs.find(t.ipc_buffer_va);
  if (!p) return nullptr;  // the kernel drops writes to a missing buffer
  if (!p->frame) {         // demand-zero: materialise
    Frame& f = pool_frame();
    Word flags = p->flags;
    vs_remove(vs, t.ipc_buffer_va / abi::kPageSize);
    vs_insert(vs, t.ipc_buffer_va, &f, flags, true);
    p = vs.find(t.ipc_buffer_va);
  }
  if (p->flags & abi::VM_COW) {  // the kernel resolves COW on the IPC buffer itself
    Frame& f = pool_frame();
    if (std::uint8_t* src = frame_bytes(*p->frame)) std::memcpy(frame_bytes(f), src, abi::kPageSize);
    Word flags = (p->flags & ~abi::VM_COW) | abi::VM_WRITABLE;
    vs_remove(vs, t.ipc_buffer_va / abi::kPageSize);
    vs_insert(vs, t.ipc_buffer_va, &f, flags, true);
    p = vs.find(t.ipc_buffer_va);
  }
  auto* b = reinterpret_cast<IpcBuffer*>(frame_bytes(*p->frame));
  t.ipc_cache.ptr = b;
  t.ipc_cache.generation = vs.generation;
  return b;
}

void Kernel::write_message(Tcb& r, Word label, Word length, const Word* mrs, Word badge) {
  IpcBuffer* b = ipc_buffer(r);
  if (!b) return;
  b->msg[abi::kIpcMsgLabel] = label;
  b->msg[abi::kIpcMsgLength] = length;
  for (Word i = 0; i < length; ++i) b->mr(i) = mrs[i];
  for (Word i = length; i < abi::kMaxMsgLength; ++i) b->mr(i) = 0;
  b->badge = badge;
}

void Kernel::copy_exec_payload(Tcb& sender, Tcb& receiver, const Word* mrs, Word length) {
  if (length < 1) return;
  Word path_len = mrs[0];
  if (path_len > abi::kPmExecMaxPath) return;
  Word total_idx = 1 + (path_len + 7) / 8 + 1;  // after the path and the (argc<<32|envc) word
  if (total_idx >= length) return;
  Word bytes = std::min<Word>(mrs[total_idx], abi::kIpcReservedWords * 8);
  IpcBuffer* s = ipc_buffer(sender);
  IpcBuffer* r = ipc_buffer(receiver);
  if (!s || !r || s == r) return;
  std::memcpy(r->reserved, s->reserved, bytes);
}

Err Kernel::transfer(Tcb* sender, const PendingSend& m, Tcb& receiver, bool allow_caps) {
  Word mr[abi::kMaxMsgLength] = {};
  Word inreg = std::min<Word>(m.length, abi::kRegisterMrs);
  for (Word i = 0; i < inreg; ++i) mr[i] = m.mr[i];
  if (m.length > abi::kRegisterMrs && sender && !m.fault) {
    if (IpcBuffer* sb = ipc_buffer(*sender))
      for (Word i = abi::kRegisterMrs; i < m.length; ++i) mr[i] = sb->msg[abi::kIpcSendMr4 + (i - abi::kRegisterMrs)];
  }
  if (allow_caps && m.extra_caps && sender && !m.fault) {
    Err e = transfer_caps(*sender, m.extra_caps, receiver);
    if (e != abi::OK) return e;
  }
  write_message(receiver, m.label, m.length, mr, m.badge);
  if (m.label == abi::kLabelPmExec && sender && !m.fault && !m.reply) copy_exec_payload(*sender, receiver, mr, m.length);
  return abi::OK;
}

}  // namespace kmodel
