#include "hw_model/pci/pci_bus.h"

#include <stdexcept>

#include "hw_model/pci/pci_regs.h"

namespace hw {

PciBus::PciBus() {
  // Intel 440FX host bridge, as on QEMU's "pc" machine.
  host_bridge_ = std::make_unique<PciFunction>(PciIdentity{0x8086, 0x1237, 0x060000, 0x02, 0, 0});
  functions_[PciAddress{0, 0}] = host_bridge_.get();
}

PciAddress PciBus::plug(PciFunction& fn) {
  for (std::uint8_t dev = 1; dev < 32; ++dev) {
    PciAddress a{dev, 0};
    if (functions_.count(a)) continue;
    functions_[a] = &fn;
    fn.set_decode_listener([this] {
      if (on_decode_) on_decode_();
    });
    return a;
  }
  throw std::length_error("pci: bus full");
}

PciFunction* PciBus::at(PciAddress a) const {
  auto it = functions_.find(a);
  return it == functions_.end() ? nullptr : it->second;
}

std::uint8_t PciBus::route_irq(std::uint8_t slot, std::uint8_t pin) {
  static constexpr std::uint8_t kPirq[4] = {11, 10, 9, 5};
  return kPirq[(slot + pin - 1) % 4];
}

void PciBus::assign_resources() {
  std::uint64_t io = kIoWindowBase, mem = kMmioWindowBase;
  auto place = [](std::uint64_t& cursor, std::uint64_t size, std::uint64_t end) {
    const std::uint64_t a = (cursor + size - 1) & ~(size - 1);
    if (a + size > end) throw std::length_error("pci: out of BAR space");
    cursor = a + size;
    return a;
  };
  // Largest memory BARs first keeps natural alignment cheap.
  for (std::uint64_t size = std::uint64_t{1} << 31; size >= 16; size >>= 1)
    for (auto& [addr, fn] : functions_)
      for (unsigned i = 0; i < PciFunction::kBars; ++i) {
        const auto& b = fn->bar(i);
        if (b.size == size && (b.kind == BarKind::Mem32 || b.kind == BarKind::Mem64))
          fn->firmware_set_bar(i, place(mem, b.size, kMmioWindowEnd));
      }
  for (auto& [addr, fn] : functions_) {
    for (unsigned i = 0; i < PciFunction::kBars; ++i)
      if (fn->bar(i).kind == BarKind::Io) fn->firmware_set_bar(i, place(io, fn->bar(i).size, kIoWindowEnd));
    if (fn->interrupt_pin()) fn->firmware_set_interrupt_line(route_irq(addr.device, fn->interrupt_pin()));
    fn->firmware_set_command(pci::kCmdIo | pci::kCmdMemory | pci::kCmdBusMaster);
  }
}

PciFunction* PciBus::selected() const {
  if (!(address_ & pci::kConfigEnable)) return nullptr;
  if (((address_ >> 16) & 0xFF) != 0) return nullptr;  // only bus 0 exists
  return at(PciAddress{static_cast<std::uint8_t>((address_ >> 11) & 0x1F),
                       static_cast<std::uint8_t>((address_ >> 8) & 0x7)});
}

std::uint64_t PciBus::read(std::uint64_t offset, unsigned size) {
  if (offset < 4) return size == 4 && offset == 0 ? address_ : 0xFFFF'FFFFu >> (32 - 8 * std::min(size, 4u));
  PciFunction* fn = selected();
  if (!fn) return 0xFFFF'FFFFu >> (32 - 8 * std::min(size, 4u));
  const auto reg = static_cast<std::uint16_t>((address_ & 0xFC) + (offset - 4));
  return fn->config_read(reg, size);
}

void PciBus::write(std::uint64_t offset, unsigned size, std::uint64_t value) {
  if (offset < 4) {
    if (size == 4 && offset == 0) address_ = static_cast<std::uint32_t>(value) & 0x80FF'FFFCu;
    return;
  }
  if (PciFunction* fn = selected())
    fn->config_write(static_cast<std::uint16_t>((address_ & 0xFC) + (offset - 4)), size,
                     static_cast<std::uint32_t>(value));
}

}  // namespace hw
