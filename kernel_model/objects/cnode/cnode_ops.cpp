// CNode operations (after decoding): copy, mint, move/mutate, delete,
// revoke, save-caller, set-guard, get-info.
#include "kernel_model/ipc/ipc_buffer.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

namespace {
bool badgeable(const Cap& c) { return c.type() == abi::OBJ_ENDPOINT || c.type() == abi::OBJ_NOTIFICATION; }
}  // namespace

SysResult Kernel::op_cnode_copy(Slot& src, Slot& dst, std::uint32_t rights) {
  if (!dst.cap.empty()) return fail(abi::SLOT_OCCUPIED);
  if (src.cap.is_reply()) return fail(abi::INVALID_OPERATION);
  if (!src.cap.has(abi::RIGHT_GRANT)) return fail(abi::INSUFFICIENT_RIGHTS);
  if (src.cap.depth + 1u > abi::kMaxDerivationDepth) return fail(abi::OUT_OF_RANGE);
  Cap c = src.cap;
  c.rights &= rights;
  c.depth = static_cast<std::uint8_t>(c.depth + 1);
  cdt_insert(dst, c, &src);
  emit(KernelEvent::Kind::CapCopy, tid(current()), 0, c.obj->id(), c.badge, c.rights, dst.index);
  return okv();
}

SysResult Kernel::op_cnode_mint(Slot& src, Slot& dst, Word badge) {
  if (!dst.cap.empty()) return fail(abi::SLOT_OCCUPIED);
  if (!badgeable(src.cap) || src.cap.is_reply()) return fail(abi::INVALID_OPERATION);
  if (!src.cap.has(abi::RIGHT_GRANT)) return fail(abi::INSUFFICIENT_RIGHTS);
  if (src.cap.depth + 1u > abi::kMaxDerivationDepth) return fail(abi::OUT_OF_RANGE);
  Cap c = src.cap;
  c.rights &= ~static_cast<std::uint32_t>(abi::RIGHT_GRANT);  // badged caps cannot be re-delegated
  c.badge = badge;
  c.depth = static_cast<std::uint8_t>(c.depth + 1);
  cdt_insert(dst, c, &src);
  emit(KernelEvent::Kind::CapMint, tid(current()), 0, c.obj->id(), badge, c.rights, dst.index);
  return okv();
}

SysResult Kernel::op_cnode_move(Slot& src, Slot& dst, std::optional<Word> new_badge) {
  if (&src == &dst || !dst.cap.empty()) return fail(abi::SLOT_OCCUPIED);
  if (new_badge && *new_badge != 0 && !badgeable(src.cap)) return fail(abi::INVALID_OPERATION);
  cdt_move(src, dst);
  if (new_badge && badgeable(dst.cap)) dst.cap.badge = *new_badge;
  emit(new_badge ? KernelEvent::Kind::CapMutate : KernelEvent::Kind::CapMove, tid(current()), 0, dst.cap.obj->id(),
       dst.cap.badge, src.index, dst.index);
  return okv();
}

SysResult Kernel::op_cnode_delete(Slot& s) {
  cap_delete(s);
  return okv();
}

SysResult Kernel::op_cnode_revoke(Slot& s) {
  if (s.cap.empty()) return okv();
  if (!s.cap.has(abi::RIGHT_REVOKE)) return fail(abi::INSUFFICIENT_RIGHTS);
  emit(KernelEvent::Kind::CapRevoke, tid(current()), 0, s.cap.obj->id(), s.cap.badge, 0, s.index);
  cap_revoke(s);
  return okv();
}

SysResult Kernel::op_cnode_save_caller(Tcb& self, Slot& dst) {
  if (!dst.cap.empty()) return fail(abi::SLOT_OCCUPIED);
  Tcb* c = self.reply_to;
  if (!c || c->reply_from != &self || c->reply_gen != self.reply_to_gen || c->state != TcbState::BlockedReply)
    return fail(abi::NOT_FOUND);
  self.reply_to = nullptr;
  Cap rc;
  rc.obj = c;
  rc.rights = abi::RIGHT_REPLY;
  rc.reply_gen = c->reply_gen;
  cdt_insert(dst, rc, nullptr);
  emit(KernelEvent::Kind::CapSaveCaller, tid(&self), tid(c), c->id(), 0, 0, dst.index);
  // Its wait becomes Idle (Kernel::wait_done): wake it to re-block so.
  c->reply_saved = true;
  if (c->thread) sched_.wake(*c->thread);
  return okv();
}

SysResult Kernel::op_cnode_set_guard(CNode& cn, Word guard, unsigned bits) {
  if (!cn.all_empty()) return fail(abi::BUSY);
  cn.guard = guard;
  cn.guard_bits = bits;
  return okv();
}

SysResult Kernel::op_cnode_get_info(Tcb& self, CNode& cn) {
  IpcBuffer* b = ipc_buffer(self);
  if (!b) return fail(abi::BAD_ADDRESS);
  b->msg[0] = cn.guard;
  b->msg[1] = cn.guard_bits;
  b->msg[2] = cn.size_bits;
  b->msg[3] = cn.num_slots();
  return okv();
}

}  // namespace kmodel
