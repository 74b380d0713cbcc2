// One SYS_INVOKE as the decoders see it, and the argument-cap lookup they
// share. Included by invoke.cpp and every <type>_decode.cpp.
#pragma once

#include "kernel_model/cspace/cap.h"
#include "kernel_model/kernel_context.h"

namespace kmodel {

struct Invocation {
  Tcb& self;
  Slot& slot;  // the invoked cap's slot
  Word label;
  Word a[4];
  unsigned d0, d1;  // SET_INVOKE_DEPTHS hints (0 = flat)
  Cap& cap() { return slot.cap; }
};

template <class T>
T* Kernel::arg_cap(Tcb& self, Word cptr, abi::ObjType type, std::uint32_t rights, Err& err, Cap* out) {
  Slot* s = lookup_cap(self, cptr, err);
  if (!s) return nullptr;
  if (s->cap.type() != type || s->cap.is_reply()) {
    err = abi::INVALID_CAPABILITY;
    return nullptr;
  }
  if (!s->cap.has(rights)) {
    err = abi::INSUFFICIENT_RIGHTS;
    return nullptr;
  }
  if (out) *out = s->cap;
  return s->cap.as<T>();
}

}  // namespace kmodel
