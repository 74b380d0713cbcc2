// VSpace invocations 0x50..0x5F and 0x97..0x9A: argument order, cap
// lookups, rights (MAP for map/protect/demand/COW, UNMAP for unmap) and
// address checks (page-aligned: INVALID_ARGUMENT; outside the user half:
// BAD_ADDRESS; W+X: INVALID_ARGUMENT).
#include "kernel_model/invocations/invocation.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/memory_object/memory_object.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/objects/untyped/untyped.h"
#include "kernel_model/vspace/vspace_decode.h"

namespace kmodel {

namespace {
Err check_va(Word va) {
  if (va % abi::kPageSize) return abi::INVALID_ARGUMENT;
  if (va >= abi::kUserVaLimit) return abi::BAD_ADDRESS;
  return abi::OK;
}
Err check_range(Word va, Word count, Word limit) {
  if (Err e = check_va(va); e != abi::OK) return e;
  if (count == 0 || count > limit || count > (abi::kUserVaLimit - va) / abi::kPageSize)
    return abi::OUT_OF_RANGE;
  return abi::OK;
}
Err check_flags(Word flags) {
  if (flags & ~abi::kVmFlagsMask) return abi::INVALID_ARGUMENT;
  if ((flags & abi::VM_WRITABLE) && (flags & abi::VM_EXECUTABLE)) return abi::INVALID_ARGUMENT;  // W^X
  return abi::OK;
}
// Rights a frame cap needs to be mapped with `flags`.
std::uint32_t frame_rights(Word flags) {
  std::uint32_t r = abi::RIGHT_READ;
  if (flags & abi::VM_WRITABLE) r |= abi::RIGHT_WRITE;
  if (flags & abi::VM_EXECUTABLE) r |= abi::RIGHT_EXECUTE;
  return r;
}
}  // namespace

SysResult decode_vspace(Kernel& k, Invocation& inv) {
  VSpace& vs = *inv.cap().as<VSpace>();
  const Word* a = inv.a;
  auto check_range = [&k](Word va, Word count) { return kmodel::check_range(va, count, k.options().max_range_pages); };
  Tcb& self = inv.self;
  Err e = abi::OK;
  auto need = [&](std::uint32_t r) { return inv.cap().has(r); };
  switch (inv.label) {
    case abi::VSPACE_MAP: {
      if (!need(abi::RIGHT_MAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      if ((e = check_va(a[1])) || (e = check_flags(a[2]))) return fail(e);
      auto* f = k.arg_cap<Frame>(self, a[0], abi::OBJ_FRAME, frame_rights(a[2]), e);
      if (!f) return fail(e);
      return k.vs_map(vs, *f, a[1], a[2], k.lookup_cap(self, a[0], e));
    }
    case abi::VSPACE_UNMAP:
      if (!need(abi::RIGHT_UNMAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      if ((e = check_va(a[0]))) return fail(e);
      return k.vs_unmap(vs, a[0]);
    case abi::VSPACE_MAP_PT: {
      if (!need(abi::RIGHT_MAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      if (a[1] >= abi::kUserVaLimit) return fail(abi::BAD_ADDRESS);
      if (a[2] < 1 || a[2] > 3) return fail(abi::INVALID_ARGUMENT);
      auto* f = k.arg_cap<Frame>(self, a[0], abi::OBJ_FRAME, abi::RIGHT_READ, e);
      if (!f) return fail(e);
      return k.vs_map_pt(vs, *f, a[1], a[2]);
    }
    case abi::VSPACE_WALK:
      if (!need(abi::RIGHT_READ)) return fail(abi::INSUFFICIENT_RIGHTS);
      return k.vs_walk(self, vs, a[0], a[1]);
    case abi::VSPACE_COPY_PAGE: {
      if ((e = check_va(a[0]))) return fail(e);
      auto* f = k.arg_cap<Frame>(self, a[1], abi::OBJ_FRAME, abi::RIGHT_WRITE, e);
      if (!f) return fail(e);
      return k.vs_copy_page(vs, a[0], *f);
    }
    case abi::VSPACE_MAP_DEVICE:
    case abi::VSPACE_MAP_DEVICE_RANGE: {
      if (!need(abi::RIGHT_MAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      bool range = inv.label == abi::VSPACE_MAP_DEVICE_RANGE;
      Word flags = range ? a[3] & 0xFFFFFFFFULL : a[3];
      Word count = range ? a[3] >> 32 : 1;
      if ((e = check_range(a[2], count)) || (e = check_flags(flags))) return fail(e);
      auto* ut = k.arg_cap<Untyped>(self, a[0], abi::OBJ_UNTYPED, abi::RIGHT_READ, e);
      if (!ut) return fail(e);
      return k.vs_map_device(vs, *ut, a[1], a[2], flags, count);
    }
    case abi::VSPACE_CLONE_COW_PAGE:
    case abi::VSPACE_SHARE_RO_PAGE: {
      if (!need(abi::RIGHT_MAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      if ((e = check_va(a[0])) || (e = check_va(a[2]))) return fail(e);
      auto* dst = k.arg_cap<VSpace>(self, a[1], abi::OBJ_VSPACE, abi::RIGHT_MAP, e);
      if (!dst) return fail(e);
      return inv.label == abi::VSPACE_CLONE_COW_PAGE ? k.vs_clone_cow_page(vs, a[0], *dst, a[2])
                                                     : k.vs_share_ro_page(vs, a[0], *dst, a[2]);
    }
    case abi::VSPACE_PROTECT:
    case abi::VSPACE_PROTECT_RANGE: {
      if (!need(abi::RIGHT_MAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      bool range = inv.label == abi::VSPACE_PROTECT_RANGE;
      Word count = range ? a[1] : 1;
      Word flags = range ? a[2] : a[1];
      if ((e = check_range(a[0], count)) || (e = check_flags(flags))) return fail(e);
      return k.vs_protect(vs, a[0], count, flags, range);
    }
    case abi::VSPACE_MAP_DEMAND:
    case abi::VSPACE_MAP_DEMAND_RANGE: {
      if (!need(abi::RIGHT_MAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      bool range = inv.label == abi::VSPACE_MAP_DEMAND_RANGE;
      Word count = range ? a[1] : 1;
      Word flags = range ? a[2] : a[1];
      if ((e = check_range(a[0], count)) || (e = check_flags(flags))) return fail(e);
      return k.vs_map_demand(vs, a[0], count, flags, range);
    }
    case abi::VSPACE_COW_RESOLVE: {
      if (!need(abi::RIGHT_MAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      if ((e = check_va(a[0])) || (e = check_flags(a[2]))) return fail(e);
      auto* f = k.arg_cap<Frame>(self, a[1], abi::OBJ_FRAME, frame_rights(a[2]), e);
      if (!f) return fail(e);
      return k.vs_cow_resolve(vs, a[0], *f, a[2]);
    }
    case abi::VSPACE_SET_COW_POOL: {
      if (!need(abi::RIGHT_MAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      if (a[2] > abi::kCowPoolMax) return fail(abi::OUT_OF_RANGE);
      auto* pool = k.arg_cap<Frame>(self, a[0], abi::OBJ_FRAME, abi::RIGHT_READ, e);
      if (!pool) return fail(e);
      auto* src = k.arg_cap<CNode>(self, a[1], abi::OBJ_CNODE, abi::RIGHT_WRITE, e);
      if (!src) return fail(e);
      return k.vs_set_cow_pool(vs, *pool, *src, a[2]);
    }
    case abi::VSPACE_SET_COW_NOTIF: {
      if (!need(abi::RIGHT_MAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      auto* ring = k.arg_cap<Frame>(self, a[0], abi::OBJ_FRAME, abi::RIGHT_WRITE, e);
      if (!ring) return fail(e);
      Cap nc;
      auto* n = k.arg_cap<Notification>(self, a[1], abi::OBJ_NOTIFICATION, abi::RIGHT_WRITE, e, &nc);
      if (!n) return fail(e);
      return k.vs_set_cow_notif(vs, *ring, *n, nc.badge);
    }
    case abi::VSPACE_REPLENISH_COW_POOL: {
      if (!need(abi::RIGHT_MAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      if (a[2] > abi::kCowPoolMax) return fail(abi::OUT_OF_RANGE);
      auto* src = k.arg_cap<CNode>(self, a[0], abi::OBJ_CNODE, abi::RIGHT_WRITE, e);
      if (!src) return fail(e);
      return k.vs_replenish_cow_pool(vs, *src, a[1], a[2]);
    }
    case abi::VSPACE_MAP_MO: {
      if (!need(abi::RIGHT_MAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      Word count = a[3] >> 32, flags = a[3] & 0xFFFFFFFFULL;
      if ((e = check_range(a[1], count)) || (e = check_flags(flags))) return fail(e);
      auto* mo = k.arg_cap<MemoryObject>(self, a[0], abi::OBJ_MEMORY_OBJECT, frame_rights(flags), e);
      if (!mo) return fail(e);
      return k.vs_map_mo(vs, *mo, a[1], a[2], count, flags);
    }
    case abi::VSPACE_UNMAP_MO:
      if (!need(abi::RIGHT_UNMAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      if ((e = check_range(a[0], a[1]))) return fail(e);
      return k.vs_unmap_mo(vs, a[0], a[1]);
    case abi::VSPACE_FORK_RANGE: {
      if (!need(abi::RIGHT_MAP)) return fail(abi::INSUFFICIENT_RIGHTS);
      Word pages = a[3] >> 32, mo_off = a[3] & 0xFFFFFFFFULL;
      if ((e = check_range(a[2], pages))) return fail(e);
      auto* child = k.arg_cap<VSpace>(self, a[0], abi::OBJ_VSPACE, abi::RIGHT_MAP, e);
      if (!child) return fail(e);
      auto* mo = k.arg_cap<MemoryObject>(self, a[1], abi::OBJ_MEMORY_OBJECT, abi::RIGHT_WRITE, e);
      if (!mo) return fail(e);
      return k.vs_fork_range(vs, *child, *mo, a[2], pages, mo_off);
    }
    default: return fail(abi::INVALID_OPERATION);
  }
}

}  // namespace kmodel
