// Capability transfer over IPC (§2.4): each cap named in the sender's
// caps[] must have GRANT; it is copied with the source's rights into the
// receiver's receive_index + i (depth-aware, slot must be empty) as a CDT
// child of the source; a failure rolls back the copies already made.
#include <vector>

#include "kernel_model/ipc/ipc_buffer.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

Err Kernel::transfer_caps(Tcb& sender, Word n, Tcb& r) {
  IpcBuffer* sb = ipc_buffer(sender);
  if (!sb) return abi::OK;  // no buffer: no cap pointers to read
  // Where the receiver takes caps: its snapshot of receive_cnode (0 = its
  // CSpace root), receive_index and receive_depth.
  CNode* dst_cn = nullptr;
  Err e = abi::OK;
  if (Slot* cs = lookup_cap(r, r.recv_cnode, e); cs && cs->cap.type() == abi::OBJ_CNODE) {
    if (!cs->cap.has(abi::RIGHT_WRITE)) return abi::INSUFFICIENT_RIGHTS;
    dst_cn = cs->cap.as<CNode>();
  } else if (r.recv_cnode == 0) {
    dst_cn = r.cspace;
  }
  if (!dst_cn) return abi::INVALID_CAPABILITY;

  std::vector<Slot*> made;
  auto rollback = [&](Err err) {
    for (auto it = made.rbegin(); it != made.rend(); ++it) cap_delete(**it);
    return err;
  };
  for (Word i = 0; i < n; ++i) {
    Word cptr = sb->caps[i];
    if (cptr == 0) continue;
    Slot* src = lookup_cap(sender, cptr, e);
    if (!src) return rollback(e);
    if (src->cap.is_reply()) return rollback(abi::INVALID_CAPABILITY);
    if (!src->cap.has(abi::RIGHT_GRANT)) return rollback(abi::INSUFFICIENT_RIGHTS);
    if (src->cap.depth + 1u > abi::kMaxDerivationDepth) return rollback(abi::OUT_OF_RANGE);
    Slot* dst = resolve(*dst_cn, r.recv_index + i, static_cast<unsigned>(r.recv_depth), e);
    if (!dst) return rollback(e);
    if (!dst->cap.empty()) return rollback(abi::SLOT_OCCUPIED);
    Cap c = src->cap;
    c.depth = static_cast<std::uint8_t>(c.depth + 1);
    cdt_insert(*dst, c, src);
    made.push_back(dst);
    emit(KernelEvent::Kind::CapTransfer, tid(&sender), tid(&r), c.obj->id(), c.badge, 0, dst->index);
  }
  return abi::OK;
}

}  // namespace kmodel
