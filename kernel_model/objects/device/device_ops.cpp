// Interrupts and I/O ports: IRQ handler creation and delivery (a raised
// line signals the handler's notification once, until acknowledged),
// device untyped and IoPort creation, port I/O through the machine bus.
#include "hw_model/machine_bus.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/device/device.h"
#include "kernel_model/objects/device/device_ops.h"
#include "kernel_model/objects/untyped/untyped.h"

namespace kmodel {

namespace {
// The new cap is a derivation-tree child of the IrqControl cap that made
// it (`control`), so revoking IrqControl deletes what it issued.
void install_new(Kernel& k, Slot& dst, KObject& obj, std::uint32_t rights, Slot& control) {
  Cap c;
  c.obj = &obj;
  c.rights = rights;
  c.depth = static_cast<std::uint8_t>(control.cap.depth + 1);
  k.cdt_insert(dst, c, &control);
}

bool overlaps(Word a, Word a_size, Word b, Word b_size) { return a < b + b_size && b < a + a_size; }

// RAM is the machine's RAM regions (hw_model's memory map) and the
// kernel's own pool (every address from PhysMem::kPoolBase: kernel-made
// objects and, without a machine, the root task's RAM).
bool is_ram(Kernel& k, Word phys, Word size) {
  if (phys + size > PhysMem::kPoolBase) return true;
  if (!k.bus()) return false;
  for (const auto& r : k.bus()->boot_info().memory_map)
    if (r.kind == hw::RegionKind::Ram && overlaps(phys, size, r.base, r.size)) return true;
  return false;
}

bool overlaps_device_untyped(Kernel& k, Word phys, Word size) {
  for (const auto& [id, obj] : k.objects().all()) {
    if (obj->type() != abi::OBJ_UNTYPED) continue;
    const auto& ut = static_cast<const Untyped&>(*obj);
    if (ut.device && overlaps(phys, size, ut.base, ut.size())) return true;
  }
  return false;
}
}  // namespace

SysResult irq_control_get(Kernel& k, unsigned irq, Slot& dst, Slot& control) {
  if (!dst.cap.empty()) return fail(abi::SLOT_OCCUPIED);
  if (k.irq_handlers()[irq]) return fail(abi::ALREADY_EXISTS);
  auto& h = k.make_object<IrqHandler>(irq, false);
  k.irq_handlers()[irq] = &h;
  install_new(k, dst, h, abi::RIGHTS_ALL & ~static_cast<std::uint32_t>(abi::RIGHT_CONFIGURE), control);
  return okv();
}

// A weak link: the notification's teardown clears it (Kernel::teardown).
SysResult irq_set_notification(Kernel& /*k*/, IrqHandler& h, Notification* n, Word badge) {
  h.ntfn = n;
  h.ntfn_badge = n ? badge : 0;
  return okv();
}

SysResult irq_ack(Kernel& k, IrqHandler& h) {
  h.masked = false;
  if (h.pending) {
    h.pending = false;
    k.irq_raised(h.irq);
  }
  return okv();
}

void Kernel::irq_raised(unsigned irq) {
  if (irq >= irq_handlers_.size()) return;
  if (!irq_handlers_[irq]) {
    ++irq_undelivered_[irq];  // an unclaimed line stays masked (seL4)
    return;
  }
  IrqHandler& h = *irq_handlers_[irq];
  ++h.raised;
  emit(KernelEvent::Kind::Irq, 0, 0, h.id(), 0, irq, h.masked || !h.ntfn);
  if (h.masked) {
    h.pending = true;
    return;
  }
  h.masked = true;
  if (!h.ntfn) {
    // Nobody to tell: the line stays masked (until ACK) and is counted.
    ++irq_undelivered_[irq];
    return;
  }
  signal(*h.ntfn, h.ntfn_badge ? h.ntfn_badge : Word{1} << (irq % 64));
}

SysResult device_untyped_create(Kernel& k, Word phys, unsigned size_bits, Slot& dst, Slot& control) {
  if (!dst.cap.empty()) return fail(abi::SLOT_OCCUPIED);
  const Word size = Word{1} << size_bits;
  if (is_ram(k, phys, size)) return fail(abi::INVALID_ARGUMENT);
  if (overlaps_device_untyped(k, phys, size)) return fail(abi::ALREADY_EXISTS);
  install_new(k, dst, k.make_object<Untyped>(phys, size_bits, true), abi::RIGHTS_ALL, control);
  return okv();
}

SysResult ioport_create(Kernel& k, Word base, Word count, Slot& dst, Slot& control) {
  if (count == 0 || base > 0xFFFF || base + count > 0x10000) return fail(abi::INVALID_ARGUMENT);
  if (!dst.cap.empty()) return fail(abi::SLOT_OCCUPIED);
  install_new(k, dst, k.make_object<IoPort>(static_cast<std::uint16_t>(base), static_cast<std::uint32_t>(count)),
              abi::RIGHTS_ALL, control);
  return okv();
}

SysResult ioport_io(Kernel& k, IoPort& p, Word label, Word offset, Word value) {
  if (!p.configured) return fail(abi::INVALID_OPERATION);
  unsigned size = label == abi::IOPORT_IN8 || label == abi::IOPORT_OUT8 ? 1 : label == abi::IOPORT_IN16 || label == abi::IOPORT_OUT16 ? 2 : 4;
  if (offset >= p.count || size > p.count - offset) return fail(abi::OUT_OF_RANGE);
  auto port = static_cast<std::uint16_t>(p.base + offset);
  Word mask = size == 4 ? 0xFFFFFFFFULL : (Word{1} << (8 * size)) - 1;
  bool in = label == abi::IOPORT_IN8 || label == abi::IOPORT_IN16 || label == abi::IOPORT_IN32;
  if (in) return okv(k.bus() ? k.bus()->io_in(port, size) & mask : mask);
  if (k.bus()) k.bus()->io_out(port, size, static_cast<std::uint32_t>(value & mask));
  return okv();
}

}  // namespace kmodel
