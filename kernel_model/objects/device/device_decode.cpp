// IrqHandler / IrqControl (0x60..0x64, 0x77) and IoPort (0x70..0x76)
// invocations. IrqControl is an IrqHandler cap with CONFIGURE; creating
// caps needs a destination CNode cap with WRITE.
#include "kernel_model/invocations/invocation.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/device/device.h"
#include "kernel_model/objects/device/device_ops.h"

namespace kmodel {

namespace {
Slot* dest_slot(Kernel& k, Invocation& inv, Word cnode_cptr, Word index, Err& e) {
  auto* cn = k.arg_cap<CNode>(inv.self, cnode_cptr, abi::OBJ_CNODE, abi::RIGHT_WRITE, e);
  return cn ? k.resolve(*cn, index, inv.d0, e) : nullptr;
}
}  // namespace

SysResult decode_irq(Kernel& k, Invocation& inv) {
  IrqHandler& h = *inv.cap().as<IrqHandler>();
  const Word* a = inv.a;
  Err e = abi::OK;
  switch (inv.label) {
    case abi::IRQ_CONTROL_GET:
    case abi::DEVICE_UNTYPED_CREATE:
    case abi::IOPORT_CREATE: {
      if (!inv.cap().has(abi::RIGHT_CONFIGURE)) return fail(abi::INSUFFICIENT_RIGHTS);
      bool four = inv.label != abi::IRQ_CONTROL_GET;
      Slot* dst = dest_slot(k, inv, four ? a[2] : a[1], four ? a[3] : a[2], e);
      if (!dst) return fail(e);
      if (inv.label == abi::IRQ_CONTROL_GET) {
        if (a[0] >= abi::kMaxIrq) return fail(abi::INVALID_ARGUMENT);
        return irq_control_get(k, static_cast<unsigned>(a[0]), *dst, inv.slot);
      }
      if (inv.label == abi::DEVICE_UNTYPED_CREATE) {
        if (a[1] < abi::kFrameBits || a[1] > 47 || a[0] % (Word{1} << a[1])) return fail(abi::INVALID_ARGUMENT);
        return device_untyped_create(k, a[0], static_cast<unsigned>(a[1]), *dst, inv.slot);
      }
      return ioport_create(k, a[0], a[1], *dst, inv.slot);
    }
    case abi::IRQ_HANDLER_ACK:
      if (h.control || h.irq >= abi::kMaxIrq) return fail(abi::INVALID_OPERATION);
      return irq_ack(k, h);
    case abi::IRQ_HANDLER_SET_NOTIFICATION: {
      if (h.control || h.irq >= abi::kMaxIrq) return fail(abi::INVALID_OPERATION);
      Cap nc;
      auto* n = k.arg_cap<Notification>(inv.self, a[0], abi::OBJ_NOTIFICATION, abi::RIGHT_WRITE, e, &nc);
      if (!n) return fail(e);
      return irq_set_notification(k, h, n, nc.badge);
    }
    case abi::IRQ_HANDLER_CLEAR:
      if (h.control || h.irq >= abi::kMaxIrq) return fail(abi::INVALID_OPERATION);
      return irq_set_notification(k, h, nullptr, 0);
    default: return fail(abi::INVALID_OPERATION);
  }
}

SysResult decode_ioport(Kernel& k, Invocation& inv) {
  IoPort& p = *inv.cap().as<IoPort>();
  switch (inv.label) {
    case abi::IOPORT_IN8:
    case abi::IOPORT_IN16:
    case abi::IOPORT_IN32:
      if (!inv.cap().has(abi::RIGHT_READ)) return fail(abi::INSUFFICIENT_RIGHTS);
      return ioport_io(k, p, inv.label, inv.a[0], 0);
    case abi::IOPORT_OUT8:
    case abi::IOPORT_OUT16:
    case abi::IOPORT_OUT32:
      if (!inv.cap().has(abi::RIGHT_WRITE)) return fail(abi::INSUFFICIENT_RIGHTS);
      return ioport_io(k, p, inv.label, inv.a[0], inv.a[1]);
    case abi::IOPORT_CONFIGURE:
      if (!inv.cap().has(abi::RIGHT_CONFIGURE)) return fail(abi::INSUFFICIENT_RIGHTS);
      if (p.configured) return fail(abi::ALREADY_EXISTS);
      if (inv.a[1] == 0 || inv.a[0] > 0xFFFF || inv.a[0] + inv.a[1] > 0x10000) return fail(abi::INVALID_ARGUMENT);
      p.base = static_cast<std::uint16_t>(inv.a[0]);
      p.count = static_cast<std::uint32_t>(inv.a[1]);
      p.configured = true;
      return okv();
    default: return fail(abi::INVALID_OPERATION);
  }
}

}  // namespace kmodel
