// MemoryObject invocations 0x90..0x97 (0x97 is HAS_PAGE here; on a VSpace
// it is MAP_MO — dispatch is by object type first).
#include "kernel_model/invocations/invocation.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/memory_object/memory_object.h"
#include "kernel_model/objects/memory_object/memory_object_ops.h"
#include "kernel_model/objects/untyped/untyped.h"

namespace kmodel {

SysResult decode_memory_object(Kernel& k, Invocation& inv) {
  MemoryObject& mo = *inv.cap().as<MemoryObject>();
  const Word* a = inv.a;
  Err e = abi::OK;
  bool reads = inv.label == abi::MO_GET_SIZE || inv.label == abi::MO_READ || inv.label == abi::MO_HAS_PAGE;
  if (inv.label < abi::MO_COMMIT || inv.label > abi::MO_HAS_PAGE) return fail(abi::INVALID_OPERATION);
  if (!inv.cap().has(reads ? abi::RIGHT_READ : abi::RIGHT_WRITE)) return fail(abi::INSUFFICIENT_RIGHTS);
  switch (inv.label) {
    case abi::MO_COMMIT: {
      Untyped* ut = nullptr;
      if (a[2]) {
        ut = k.arg_cap<Untyped>(inv.self, a[2], abi::OBJ_UNTYPED, abi::RIGHT_RETYPE, e);
        if (!ut) return fail(e);
      }
      return mo_commit(k, mo, a[0], a[1], ut);
    }
    case abi::MO_DECOMMIT: return mo_decommit(k, mo, a[0], a[1]);
    case abi::MO_GET_SIZE: return okv(mo.pages.size());
    case abi::MO_CLONE: {
      auto* child = k.arg_cap<MemoryObject>(inv.self, a[0], abi::OBJ_MEMORY_OBJECT, abi::RIGHT_WRITE, e);
      if (!child) return fail(e);
      return mo_clone(k, mo, *child);
    }
    case abi::MO_RESIZE: return mo_resize(k, mo, a[0]);
    case abi::MO_READ: return mo_rw(k, inv.self, mo, a[0], a[1], false);
    case abi::MO_WRITE: return mo_rw(k, inv.self, mo, a[0], a[1], true);
    default:  // MO_HAS_PAGE
      if (a[0] >= mo.pages.size()) return fail(abi::OUT_OF_RANGE);
      return okv(mo.pages[a[0]] ? 1 : 0);
  }
}

}  // namespace kmodel
