// CNode operations (after decoding): copy, mint, move/mutate, delete,
// revoke, save-caller, set-guard, get-info.
#include "kernel_model/ipc/ipc_buffer.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/cnode/cnode_ops.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

namespace {
bool badgeable(const Cap& c) { return c.type() == abi::OBJ_ENDPOINT || c.type() == abi::OBJ_NOTIFICATION; }
}  // namespace

SysResult op_cnode_copy(Kernel& k, Slot& src, Slot& dst, std::uint32_t rights) {
  if (!dst.cap.empty()) return fail(abi::SLOT_OCCUPIED);
  if (src.cap.is_reply()) return fail(abi::INVALID_OPERATION);
  if (!src.cap.has(abi::RIGHT_GRANT)) return fail(abi::INSUFFICIENT_RIGHTS);
  if (src.cap.depth + 1u > abi::kMaxDerivationDepth) return fail(abi::OUT_OF_RANGE);
  Cap c = src.cap;
  c.rights &= rights;
  c.depth = static_cast<std::uint8_t>(c.depth + 1);
  k.cdt_insert(dst, c, &src);
  k.emit(KernelEvent::Kind::CapCopy, k.tid(k.current()), 0, c.obj->id(), c.badge, c.rights, dst.index);
  return okv();
}

SysResult op_cnode_mint(Kernel& k, Slot& src, Slot& dst, Word badge) {
  if (!dst.cap.empty()) return fail(abi::SLOT_OCCUPIED);
  if (!badgeable(src.cap) || src.cap.is_reply()) return fail(abi::INVALID_OPERATION);
  if (!src.cap.has(abi::RIGHT_GRANT)) return fail(abi::INSUFFICIENT_RIGHTS);
  if (src.cap.depth + 1u > abi::kMaxDerivationDepth) return fail(abi::OUT_OF_RANGE);
  Cap c = src.cap;
  c.rights &= ~static_cast<std::uint32_t>(abi::RIGHT_GRANT);  // badged caps cannot be re-delegated
  c.badge = badge;
  c.depth = static_cast<std::uint8_t>(c.depth + 1);
  k.cdt_insert(dst, c, &src);
  k.emit(KernelEvent::Kind::CapMint, k.tid(k.current()), 0, c.obj->id(), badge, c.rights, dst.index);
  return okv();
}

SysResult op_cnode_move(Kernel& k, Slot& src, Slot& dst, std::optional<Word> new_badge) {
  if (&src == &dst || !dst.cap.empty()) return fail(abi::SLOT_OCCUPIED);
  if (new_badge && *new_badge != 0 && !badgeable(src.cap)) return fail(abi::INVALID_OPERATION);
  k.cdt_move(src, dst);
  if (new_badge && badgeable(dst.cap)) dst.cap.badge = *new_badge;
  k.emit(new_badge ? KernelEvent::Kind::CapMutate : KernelEvent::Kind::CapMove, k.tid(k.current()), 0,
         dst.cap.obj->id(), dst.cap.badge, src.index, dst.index);
  return okv();
}

SysResult op_cnode_delete(Kernel& k, Slot& s) {
  k.cap_delete(s);
  return okv();
}

SysResult op_cnode_revoke(Kernel& k, Slot& s) {
  if (s.cap.empty()) return okv();
  if (!s.cap.has(abi::RIGHT_REVOKE)) return fail(abi::INSUFFICIENT_RIGHTS);
  k.emit(KernelEvent::Kind::CapRevoke, k.tid(k.current()), 0, s.cap.obj->id(), s.cap.badge, 0, s.index);
  k.cap_revoke(s);
  return okv();
}

SysResult op_cnode_save_caller(Kernel& k, Tcb& self, Slot& dst) {
  if (!dst.cap.empty()) return fail(abi::SLOT_OCCUPIED);
  Tcb* c = self.reply_to;
  if (!c || c->reply_from != &self || c->reply_gen != self.reply_to_gen || c->state != TcbState::BlockedReply)
    return fail(abi::NOT_FOUND);
  self.reply_to = nullptr;
  // The caller stops lending the server its priority: the server is no
  // longer working on the call, and a caller may donate only to the server
  // whose reply_to it is — so a server that dies holding saved reply caps
  // leaves no caller pointing at it (unlink_thread_state undonates only
  // its current reply_to; reply_from is cleared below for the same reason).
  if (c->donated_to == &self) {
    if (c->thread && self.thread) k.scheduler().undonate(*c->thread, *self.thread);
    c->donated_to = nullptr;
  }
  // From now on the caller waits on its reply cap, not on a thread: the
  // server may die while the cap lives on in a CNode.
  c->reply_from = nullptr;
  Cap rc;
  rc.obj = c;
  rc.rights = abi::RIGHT_REPLY;
  rc.reply_gen = c->reply_gen;
  k.cdt_insert(dst, rc, nullptr);
  c->saved_reply = &dst;
  k.emit(KernelEvent::Kind::CapSaveCaller, k.tid(&self), k.tid(c), c->id(), 0, 0, dst.index);
  // Its wait becomes Idle (Kernel::wait_done): wake it to re-block so.
  c->reply_saved = true;
  if (c->thread) k.scheduler().wake(*c->thread);
  return okv();
}

SysResult op_cnode_set_guard(Kernel& /*k*/, CNode& cn, Word guard, unsigned bits) {
  if (!cn.all_empty()) return fail(abi::BUSY);
  cn.guard = guard;
  cn.guard_bits = bits;
  return okv();
}

SysResult op_cnode_get_info(Kernel& k, Tcb& self, CNode& cn) {
  IpcBuffer* b = k.ipc_buffer(self);
  if (!b) return fail(abi::BAD_ADDRESS);
  b->msg[0] = cn.guard;
  b->msg[1] = cn.guard_bits;
  b->msg[2] = cn.size_bits;
  b->msg[3] = cn.num_slots();
  return okv();
}

}  // namespace kmodel
