// CSpace addressing (§2.9): flat "depth 0" lookup with sub-CNode
// auto-detect, and seL4-style guarded radix walks for depth > 0.
#include <utility>

#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

namespace {
Word low_mask(unsigned bits) { return bits >= 64 ? ~Word{0} : (Word{1} << bits) - 1; }
}  // namespace

Slot* Kernel::resolve(CNode& root, Word cptr, unsigned depth, Err& err) {
  if (depth > abi::kMaxInvokeDepth) {
    err = abi::INVALID_ARGUMENT;
    return nullptr;
  }
  if (depth == 0) {
    if (cptr < root.num_slots()) return &root.slot(cptr);
    // root_index << sub_bits | sub_index, for a sub-CNode of sub_bits found
    // in the root (smallest size that matches wins).
    for (unsigned sub = abi::kCNodeMinBits; sub <= abi::kCNodeMaxBits; ++sub) {
      Word ri = cptr >> sub;
      if (ri >= root.num_slots()) continue;
      const Cap& c = std::as_const(root).slot(ri).cap;  // probing never materialises slots
      if (c.type() == abi::OBJ_CNODE && c.as<CNode>()->size_bits == sub)
        return &c.as<CNode>()->slot(cptr & low_mask(sub));
    }
    err = abi::INVALID_CAPABILITY;
    return nullptr;
  }
  CNode* cn = &root;
  unsigned left = depth;
  for (unsigned hop = 0; hop < abi::kMaxInvokeDepth; ++hop) {
    unsigned need = cn->guard_bits + cn->size_bits;
    if (need > left) break;
    if (cn->guard_bits) {
      Word g = (cptr >> (left - cn->guard_bits)) & low_mask(cn->guard_bits);
      if (g != cn->guard) break;
    }
    left -= cn->guard_bits;
    Word idx = (cptr >> (left - cn->size_bits)) & low_mask(cn->size_bits);
    left -= cn->size_bits;
    Slot& s = cn->slot(idx);
    if (left == 0) return &s;
    if (s.cap.type() != abi::OBJ_CNODE) break;
    cn = s.cap.as<CNode>();
  }
  err = abi::INVALID_CAPABILITY;
  return nullptr;
}

Slot* Kernel::lookup_slot(Tcb& t, Word cptr, Err& err) {
  if (!t.cspace) {
    err = abi::INVALID_CAPABILITY;
    return nullptr;
  }
  return resolve(*t.cspace, cptr, t.cspace_depth, err);
}

Slot* Kernel::lookup_cap(Tcb& t, Word cptr, Err& err) {
  Slot* s = lookup_slot(t, cptr, err);
  if (s && s->cap.empty()) {
    err = abi::INVALID_CAPABILITY;
    return nullptr;
  }
  return s;
}

Slot* Kernel::lookup(CNode& root, Word cptr, unsigned depth) {
  Err e = abi::OK;
  return resolve(root, cptr, depth, e);
}

}  // namespace kmodel
