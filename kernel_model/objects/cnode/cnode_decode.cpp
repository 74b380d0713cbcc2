// CNode invocations 0x10..0x18: argument order and rights checks.
// Slot arguments are addressed inside the named CNode with the depths from
// SET_INVOKE_DEPTHS (copy/mint: d0 = src, d1 = dest; move/mutate: d0 =
// dest, d1 = src; the rest: d0).
#include "kernel_model/invocations/invocation.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/cnode/cnode_ops.h"

namespace kmodel {

namespace {
struct SlotArg {
  Slot* slot = nullptr;
  Err err = abi::OK;
};
SlotArg slot_in(Kernel& k, CNode& cn, Word index, unsigned depth) {
  SlotArg r;
  r.slot = k.resolve(cn, index, depth, r.err);
  return r;
}
// seL4's order once both slots are addressed: an occupied destination
// (DeleteFirst) is reported before an empty source (FailedLookup).
Err occupied_dest_then_empty_source(const Slot& src, const Slot& dst) {
  if (!dst.cap.empty()) return abi::SLOT_OCCUPIED;
  if (src.cap.empty()) return abi::INVALID_CAPABILITY;
  return abi::OK;
}
}  // namespace

SysResult decode_cnode(Kernel& k, Invocation& inv) {
  CNode& cn = *inv.cap().as<CNode>();
  const Word* a = inv.a;
  switch (inv.label) {
    case abi::CNODE_COPY:
    case abi::CNODE_MINT: {
      SlotArg src = slot_in(k, cn, a[0], inv.d0);
      if (!src.slot) return fail(src.err);
      Err e = abi::OK;
      auto* dcn = k.arg_cap<CNode>(inv.self, a[1], abi::OBJ_CNODE, abi::RIGHT_WRITE, e);
      if (!dcn) return fail(e);
      SlotArg dst = slot_in(k, *dcn, a[2], inv.d1);
      if (!dst.slot) return fail(dst.err);
      if (Err order = occupied_dest_then_empty_source(*src.slot, *dst.slot); order != abi::OK) return fail(order);
      return inv.label == abi::CNODE_COPY ? op_cnode_copy(k, *src.slot, *dst.slot, static_cast<std::uint32_t>(a[3]))
                                          : op_cnode_mint(k, *src.slot, *dst.slot, a[3]);
    }
    case abi::CNODE_MOVE:
    case abi::CNODE_MUTATE: {
      if (!inv.cap().has(abi::RIGHT_WRITE)) return fail(abi::INSUFFICIENT_RIGHTS);
      SlotArg dst = slot_in(k, cn, a[0], inv.d0);
      if (!dst.slot) return fail(dst.err);
      Err e = abi::OK;
      auto* scn = k.arg_cap<CNode>(inv.self, a[1], abi::OBJ_CNODE, abi::RIGHT_WRITE, e);
      if (!scn) return fail(e);
      SlotArg src = slot_in(k, *scn, a[2], inv.d1);
      if (!src.slot) return fail(src.err);
      if (Err order = occupied_dest_then_empty_source(*src.slot, *dst.slot); order != abi::OK) return fail(order);
      std::optional<Word> badge;
      if (inv.label == abi::CNODE_MUTATE) badge = a[3];
      return op_cnode_move(k, *src.slot, *dst.slot, badge);
    }
    case abi::CNODE_DELETE:
    case abi::CNODE_REVOKE:
    case abi::CNODE_SAVE_CALLER: {
      if (!inv.cap().has(abi::RIGHT_WRITE)) return fail(abi::INSUFFICIENT_RIGHTS);
      SlotArg s = slot_in(k, cn, a[0], inv.d0);
      if (!s.slot) return fail(s.err);
      if (inv.label == abi::CNODE_DELETE) return op_cnode_delete(k, *s.slot);
      if (inv.label == abi::CNODE_REVOKE) return op_cnode_revoke(k, *s.slot);
      return op_cnode_save_caller(k, inv.self, *s.slot);
    }
    case abi::CNODE_SET_GUARD:
      if (!inv.cap().has(abi::RIGHT_WRITE)) return fail(abi::INSUFFICIENT_RIGHTS);
      if (a[1] > abi::kMaxInvokeDepth) return fail(abi::INVALID_ARGUMENT);
      if (a[1] < 64 && (a[0] >> a[1]) != 0) return fail(abi::INVALID_ARGUMENT);
      return op_cnode_set_guard(k, cn, a[0], static_cast<unsigned>(a[1]));
    case abi::CNODE_GET_INFO:
      if (!inv.cap().has(abi::RIGHT_READ)) return fail(abi::INSUFFICIENT_RIGHTS);
      return op_cnode_get_info(k, inv.self, cn);
    default: return fail(abi::INVALID_OPERATION);
  }
}

}  // namespace kmodel
