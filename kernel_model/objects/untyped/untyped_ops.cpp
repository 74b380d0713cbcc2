// Retype: one object per call, at the next naturally aligned offset above
// the watermark, charged to the untyped; the new cap (all rights) is a CDT
// child of the untyped cap. Reset: watermark back to 0 once no object
// carved from the untyped is alive.
#include <cstring>

#include "kernel_model/ipc/endpoint.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/device/device.h"
#include "kernel_model/objects/memory_object/memory_object.h"
#include "kernel_model/objects/sched_context/sched_context.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/objects/untyped/untyped.h"
#include "kernel_model/objects/untyped/untyped_ops.h"

namespace kmodel {

namespace {
constexpr Word kKernelStackBytes = Word{16} << 10;

// Object size in bits for (type, size_bits); 0 = invalid size_bits.
unsigned object_bits(abi::ObjType type, unsigned size_bits) {
  switch (type) {
    case abi::OBJ_UNTYPED: return size_bits >= 4 && size_bits <= 47 ? size_bits : 0;
    case abi::OBJ_ENDPOINT:
    case abi::OBJ_NOTIFICATION:
    case abi::OBJ_IRQ_HANDLER:
    case abi::OBJ_IO_PORT: return 6;
    case abi::OBJ_TCB: return 11;
    case abi::OBJ_CNODE:
      return size_bits >= abi::kCNodeMinBits && size_bits <= abi::kCNodeMaxBits ? size_bits + 5 : 0;  // 32-byte caps
    case abi::OBJ_VSPACE: return 12;
    case abi::OBJ_FRAME: return size_bits == 0 || size_bits == abi::kFrameBits ? abi::kFrameBits : 0;
    case abi::OBJ_SCHED_CONTEXT:
    case abi::OBJ_MEMORY_OBJECT: return size_bits <= 20 ? 8 : 0;
    default: return 0;
  }
}
}  // namespace

SysResult op_untyped_retype(Kernel& k, Slot& ut_slot, abi::ObjType type, unsigned size_bits, Slot& dst) {
  Untyped& ut = *ut_slot.cap.as<Untyped>();
  unsigned bits = object_bits(type, size_bits);
  if (bits == 0) return fail(abi::INVALID_ARGUMENT);
  if (ut.device && type != abi::OBJ_FRAME && type != abi::OBJ_UNTYPED) return fail(abi::INVALID_ARGUMENT);
  if (!dst.cap.empty()) return fail(abi::SLOT_OCCUPIED);
  Word size = Word{1} << bits;
  Word off = (ut.watermark + size - 1) / size * size;
  if (bits > ut.size_bits || off + size > ut.size() || off < ut.watermark) return fail(abi::OUT_OF_MEMORY);
  // §2.7 TCB_CONFIGURE "allocates 16 KiB kernel stack": carved with the
  // TCB, 16 KiB aligned right above it, so the retype that cannot hold it
  // is the one that fails (kernel_model/README.md, Objects).
  Word end = off + size;
  const bool kernel_stack = type == abi::OBJ_TCB && !k.options().lenient_vm;
  if (kernel_stack) {
    end = (end + kKernelStackBytes - 1) / kKernelStackBytes * kKernelStackBytes + kKernelStackBytes;
    if (end > ut.size()) return fail(abi::OUT_OF_MEMORY);
  }
  if (ut_slot.cap.depth + 1u > abi::kMaxDerivationDepth) return fail(abi::OUT_OF_RANGE);
  Word phys = ut.base + off;
  KObject* obj = nullptr;
  switch (type) {
    case abi::OBJ_UNTYPED: obj = &k.make_object<Untyped>(phys, size_bits, ut.device); break;
    case abi::OBJ_ENDPOINT: obj = &k.make_object<Endpoint>(); break;
    case abi::OBJ_NOTIFICATION: obj = &k.make_object<Notification>(); break;
    case abi::OBJ_TCB: {
      Tcb& t = k.new_tcb("");
      t.kernel_stack_charged = kernel_stack;
      obj = &t;
      break;
    }
    case abi::OBJ_CNODE: obj = &k.make_object<CNode>(size_bits); break;
    case abi::OBJ_VSPACE: obj = &k.make_object<VSpace>(); break;
    case abi::OBJ_FRAME: {
      auto& f = k.make_object<Frame>(phys, ut.device, false);
      if (std::uint8_t* p = k.frame_bytes(f); p && !ut.device) std::memset(p, 0, abi::kPageSize);
      obj = &f;
      break;
    }
    case abi::OBJ_IRQ_HANDLER: obj = &k.make_object<IrqHandler>(abi::kMaxIrq, false); break;
    case abi::OBJ_IO_PORT: obj = &k.make_object<IoPort>(); break;
    case abi::OBJ_SCHED_CONTEXT: obj = &k.make_object<SchedCtx>(); break;
    case abi::OBJ_MEMORY_OBJECT: obj = &k.make_object<MemoryObject>(Word{1} << size_bits); break;
    default: return fail(abi::INVALID_ARGUMENT);
  }
  obj->source = &ut;
  obj->phys = phys;
  obj->bytes = end - off;
  ut.watermark = end;
  ++ut.live_children;
  k.retain(ut);
  Cap c;
  c.obj = obj;
  c.rights = abi::RIGHTS_ALL;
  c.depth = static_cast<std::uint8_t>(ut_slot.cap.depth + 1);
  k.cdt_insert(dst, c, &ut_slot);
  k.emit(KernelEvent::Kind::Retype, k.tid(k.current()), 0, obj->id(), 0, type, ut.id());
  return okv();
}

SysResult op_untyped_reset(Kernel& /*k*/, Untyped& ut) {
  if (ut.live_children > 0) return fail(abi::BUSY);
  ut.watermark = 0;
  return okv();
}

}  // namespace kmodel
